"""`python -m pairings COMMAND ...` — dispatch to the module that owns each command.

Commands: check, ingest, extract, evaluate. Each module exposes ``main(argv) -> int``.
"""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS = {
    "check": ("pairings.check", "validate every CSV; `file:row:column: message` lines"),
    "ingest": ("pairings.ingest", "clean a raw web text into pairings/texts/ and add its documents.csv row"),
    "extract": ("pairings.extract", "candidate rows from any text, as CSV on stdout"),
    "evaluate": ("pairings.evaluate", "precision and recall of extract against the curated CSVs"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        print("usage: python -m pairings {" + ",".join(COMMANDS) + "} ...\n")
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<9} {help_text}")
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return int(module.main(argv[1:]) or 0)


def run(argv: list[str] | None = None) -> int:
    """:func:`main`, ending quietly when the reader of stdout goes away (``python -m pairings check | head``).

    The output is flushed inside the ``try``; on a broken pipe, stdout is pointed at /dev/null so
    the interpreter's own flush at exit cannot raise again (the recipe of the Python docs, "Note on
    SIGPIPE"). Exit status 1 then, like a command killed by SIGPIPE is non-zero.
    """
    try:
        code = main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run())
