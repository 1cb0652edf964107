"""`python -m pairings COMMAND ...` — dispatch to the module that owns each command.

Commands: check, ingest, extract, evaluate. Each module exposes ``main(argv) -> int``.
"""

from __future__ import annotations

import importlib
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


if __name__ == "__main__":
    sys.exit(main())
