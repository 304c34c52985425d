"""The commands of `kb`, one module per job; `cli.py` gathers them under one group.

Each module lists its commands in `COMMANDS`. A command parses its arguments, makes one
library call and renders the result (`commands.output`); errors are left to `cli.py`, which
turns them into one line and an exit status.
"""
