"""Exports and the graph export write whole files or nothing: never through a symbolic link,
never over a device or a FIFO, never a half-written file over a good one (even killed), and
a killed export's hidden temporary file is cleaned up by the next one."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING

from cli import main

ROOT = Path(__file__).resolve().parent.parent


def cli(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


# --- kb graph export ---------------------------------------------------------------------------


def test_the_graph_export_takes_its_format_from_the_extension(seed_store: Path, tmp_path: Path) -> None:
    code, out, err = cli(seed_store, "graph", "export", "-o", str(tmp_path / "kb.gexf"))
    assert (code, err) == (0, "")
    nodes, edges = out.removeprefix("wrote ").split(" to ")[0].split(" nodes and ")
    assert out == f"wrote {nodes} nodes and {edges} to {tmp_path / 'kb.gexf'}\n" and edges.endswith(" edges")
    assert ET.parse(tmp_path / "kb.gexf").getroot().tag.endswith("gexf")
    assert cli(seed_store, "graph", "export", "-o", str(tmp_path / "kb.json"))[0] == 0
    data = json.loads((tmp_path / "kb.json").read_text(encoding="utf-8"))
    assert f"{len(data['nodes']):,}" == nodes and f"doc:{BEIJING}" in {n["id"] for n in data["nodes"]}
    assert cli(seed_store, "graph", "export", "-o", str(tmp_path / "kb.graphml"))[0] == 0
    assert ET.parse(tmp_path / "kb.graphml").getroot().tag.endswith("graphml")
    code, _, err = cli(seed_store, "graph", "export", "--format", "json", "-o", str(tmp_path / "x.gexf"))
    assert (code, err) == (
        1, f"Error: {tmp_path / 'x.gexf'} is named as gexf but the format asked is json: "
        "name the file .json or leave out --format\n",
    )  # fmt: skip
    code, _, err = cli(seed_store, "graph", "export", "-o", str(tmp_path / "kb.txt"))
    assert (code, err) == (
        1, f"Error: cannot tell the format of {tmp_path / 'kb.txt'}: "
        "name the file .graphml, .gexf or .json, or give --format\n",
    )  # fmt: skip
    assert cli(seed_store, "graph", "export", "--format", "json", "-o", str(tmp_path / "kb.txt"))[0] == 0


def test_the_graph_export_keeps_an_existing_file_unless_forced(seed_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "kb.json"
    target.write_text("mine", encoding="utf-8")
    code, out, err = cli(seed_store, "graph", "export", "-o", str(target))
    assert (code, out, err) == (1, "", f"Error: {target} exists; use --force to overwrite it\n")
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli(seed_store, "graph", "export", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["directed"] is True


def test_a_missing_folder_is_named(seed_store: Path, tmp_path: Path) -> None:
    message = f"Error: no such folder {tmp_path / 'nowhere'}: create it first\n"
    assert cli(seed_store, "graph", "export", "-o", str(tmp_path / "nowhere" / "kb.gexf")) == (1, "", message)
    out = tmp_path / "nowhere" / "t.xlsx"
    assert cli(seed_store, "export", "tasks", BEIJING, "-o", str(out)) == (1, "", message)


# --- never through a link, never over a device or a FIFO ----------------------------------------

EXPORTS = [
    ["graph", "export", "--format", "json"],
    ["export", "tasks", BEIJING, "--format", "csv"],
    ["export", "matrix", BEIJING, "--format", "csv"],
    ["export", "agency", "中关村管委会", "--format", "csv"],
]


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: " ".join(c[:2]))
def test_no_export_writes_through_a_symbolic_link(
    seed_store: Path, tmp_path: Path, command: list[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    code, out, err = cli(seed_store, *command, "-o", str(link), "--force")
    assert (code, out) == (1, "")
    assert err == f"Error: {link} is a symbolic link: give the path of the file itself\n"
    assert victim.read_text(encoding="utf-8") == "precious" and link.is_symlink()


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: " ".join(c[:2]))
def test_no_export_replaces_a_fifo(seed_store: Path, tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = cli(seed_store, *command, "-o", str(fifo), "--force")
    assert (code, err) == (
        1,
        f"Error: {fifo} is not a regular file (a device, a FIFO or a socket): give a file name\n",
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_no_export_replaces_dev_null(seed_store: Path) -> None:
    before = os.lstat("/dev/null")
    for command in EXPORTS:
        code, _, err = cli(seed_store, *command, "-o", "/dev/null", "--force")
        assert (code, err) == (
            1, "Error: /dev/null is not a regular file (a device, a FIFO or a socket): give a file name\n"
        )  # fmt: skip
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


# --- killed in the middle of writing -----------------------------------------------------------

KILLED = """
import os, signal, sys
from pathlib import Path
import networkx as nx
from kb import graph
from kb.export import text

def half(*args, **kwargs):
    path = Path(args[-1] if not isinstance(args[-1], (dict, list)) else args[1])
    with open(path, "w", encoding="utf-8") as f:
        f.write("<half a file")
        f.flush()
    os.kill(os.getpid(), signal.SIGKILL)

nx.write_gexf = half
text.write_csv = lambda sheets, path, script: half(path)
from cli import main
sys.exit(main())
"""


@pytest.mark.parametrize(
    ("command", "name"),
    [(["graph", "export"], "kb.gexf"), (["export", "tasks", BEIJING], "t.csv")],
    ids=["graph", "tasks"],
)
def test_a_killed_export_leaves_the_old_file_and_its_temporary_file_goes_next_time(
    seed_store: Path, tmp_path: Path, command: list[str], name: str
) -> None:
    target = tmp_path / name
    target.write_text("the previous export", encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED), "--store", str(seed_store), *command, "-o", str(target),
         "--force"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "the previous export"
    (left,) = [p.name for p in tmp_path.iterdir() if p.name != name]  # its hidden temporary file
    assert left.startswith(f".{name}.") and (tmp_path / left).read_text(encoding="utf-8") == "<half a file"
    code, _, err = cli(seed_store, *command, "-o", str(target), "--force")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert target.read_text(encoding="utf-8") != "the previous export"
