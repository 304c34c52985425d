# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := .kb-store
KB     := KB_HOME=$(STORE) $(BIN)/kb

.PHONY: demo test bench install browser lint clean

# Re-install whenever the declared dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(KB) index --rebuild corpus
	$(KB) docs
	$(KB) show 000_9df154392c23cece
	$(KB) owners 000_9df154392c23cece 12
	$(KB) agency 中关村管委会
	$(KB) ask 北京标杆孵化器方案第12项任务由哪个部门负责？
	$(KB) search 智慧財產權 --limit 3
	$(KB) export tasks 000_9df154392c23cece -o $(STORE)/任务分工表.xlsx --force
	$(KB) export matrix 000_9df154392c23cece -o $(STORE)/责任矩阵.xlsx --force

test: install browser
	$(BIN)/python -m pytest

# The browser tests (tests/test_browser.py) drive Debian's chromium through Playwright, whose
# own browser download does not work here. As root (CI), install it and a Chinese font when
# absent; otherwise say how. Without chromium the tests skip, or fail when CI is set.
browser:
	@if ! test -x /usr/bin/chromium; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium fonts-wqy-microhei; \
	  else echo "chromium is missing: sudo apt-get install chromium fonts-wqy-microhei (browser tests skip)"; fi; \
	elif [ "$$(id -u)" = 0 ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  apt-get update -q && apt-get install -y -q fonts-wqy-microhei; \
	fi

# The benchmark of issue 7 on the whole bulk corpus; writes bench/RESULTS.md (bench/README.md).
# A quick run: make bench BENCH_ARGS="--fraction 0.05"
bench: install
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[bench]"
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	$(BIN)/ruff check kb indexer web commands cli.py tests bench
	$(BIN)/mypy kb indexer web commands cli.py

clean:
	rm -rf $(STORE) build *.egg-info
