"""Candidate rows from any policy text: pairings, zones, basins and platforms, each with evidence.

``python -m pairings extract FILE…`` prints the candidates as CSV (columns :data:`COLUMNS`).
This module is the public API only; the work is done in the modules of the package:

- :mod:`.places` — the gazetteer index, place tokens, resolution by context;
- :mod:`.lists` — list splitting, longest-match scanning (written once);
- :mod:`.known` — curated entities recognised by name;
- :mod:`.areas` — named areas by class word, lists sharing a class, member lists;
- :mod:`.context` — document and heading context (issuer, kind in force);
- :mod:`.sentence` — one sentence's tokens and the output helpers;
- :mod:`.rules` — one module per family of phrasing, run from the ordered ``RULES`` list;
- :mod:`.pipeline` — :func:`extract` / :func:`extract_many` over whole documents;
- :mod:`.rows` — candidates -> curated rows, ids; :mod:`.upload` — reading files; :mod:`.cli`.

The app uses :func:`read_upload` / :func:`read_pasted` (bytes or a paste -> text, or
:class:`ExtractInputError`), :func:`extract_many`, :func:`propose_doc_id` and
:func:`to_curated_rows`.
"""

from __future__ import annotations

from pairings.extract.cli import main
from pairings.extract.pipeline import COLUMNS, EXTRA_COLUMNS, extract_many, extract_text
from pairings.extract.rows import propose_doc_id, to_curated_rows
from pairings.extract.upload import MAX_UPLOAD_BYTES, ExtractInputError, read_pasted, read_upload

#: one text -> candidate DataFrame (the name the issue and docs use; ``extract_text`` is the same function)
extract = extract_text

__all__ = [
    "COLUMNS", "EXTRA_COLUMNS", "ExtractInputError", "MAX_UPLOAD_BYTES", "extract", "extract_text", "extract_many",
    "main", "propose_doc_id", "read_pasted", "read_upload", "to_curated_rows",
]
