"""Reading whole documents: :func:`extract_text` (one text -> candidate rows) and
:func:`extract_many` (several, curated names loaded once).

Part of the extractor (:mod:`pairings.extract`). Every sentence is read as a
:class:`~pairings.extract.sentence.Sentence` and every rule of
:data:`pairings.extract.rules.RULES` runs on it, in order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from pairings.extract.context import issuing_place, label_chain
from pairings.extract.known import Known, default_known, known_entities, known_index, load_curated
from pairings.extract.places import place_index, simplify
from pairings.extract.rules import RULES
from pairings.extract.sentence import DocState, Sentence
from pairings.entities import ENTITY_TYPE_NAMES
from pairings.glossary import BASIN, PAIRING, PLATFORM, ZONE

#: how much of the sentence that opens a list (its lead) is kept as the context of its items
LEAD_MAX = 300
COLUMNS = ["entity_type", "kind", "name", "refs", "doc", "clause", "quote"]
#: extra columns carried by :func:`extract_text` for :func:`to_curated_rows` and the app
EXTRA_COLUMNS = ["direction", "party_names", "basin", "entity_id", "method", "note"]


def unwrap(lines: list[str]) -> list[str]:
    """Lines of a text copied from a PDF or a fixed-width page, with the line breaks the layout
    put inside sentences (and names: ``浙江省—四\n川省``) removed. A line is joined to the next
    when it is about as long as the longest lines (at least 80 % of them, 20 characters or
    more), does not end a sentence (。！？；) and the next line opens no clause (``三、``, ``（一）``)."""
    from pairings.texts import marker_of

    if len(lines) < 2:
        return lines
    width = max(len(line) for line in lines)
    threshold = max(20, int(width * 0.8))
    out: list[str] = []
    joining = False
    for k, line in enumerate(lines):
        if joining:
            out[-1] += line
        else:
            out.append(line)
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        joining = (bool(nxt) and len(line) >= threshold and not re.search(r"[。！？；;!?]$", line)
                   and not marker_of(nxt) and bool(re.match(r"[\u4e00-\u9fff、，,）)」”]", nxt)))
    return out


def extract_text(text: str, doc_id: str, *, gazetteer=None, known: list[Known] | None = None,
                 use_known: bool | set[str] = True, title: str | None = None) -> pd.DataFrame:
    """Candidate rows found in one document.

    In: the document text (any layout; lines are stripped), its ``doc_id``; optionally a
    gazetteer (default ``geo.gazetteer()``), the curated entities to recognise by name (default:
    :func:`known_entities` of the curated CSVs), ``use_known`` (False, or a set of entity types,
    to turn curated-name matching off for the others), the document title (for the ``标题`` clause).
    Out: DataFrame with :data:`COLUMNS` then :data:`EXTRA_COLUMNS`, one row per entity in order
    of first appearance; ``refs`` is ``;``-joined (pairing: ``a;b``, supporter first when
    ``direction`` is ``a_to_b``).
    """
    from pairings.texts import index_text, marker_of

    idx = place_index(gazetteer)
    if use_known is True:
        types = set(ENTITY_TYPE_NAMES)
    elif use_known is False or use_known is None:
        types = set()
    else:
        types = set(use_known)
    if types and known is None:
        known = default_known(idx)
    kidx_areas = known_index(known or [], types & {ZONE, BASIN, PLATFORM}) if types else None
    kidx_pairs = known_index(known or [], types & {PAIRING}) if PAIRING in types else None

    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    clean = "\n".join(unwrap([line for line in lines if line]))
    doc = DocState(doc_id)
    issuer = issuing_place(title or (clean.split("\n", 1)[0] if clean else ""), idx)
    first_line = clean.split("\n", 1)[0] if clean else ""
    # the title names the programme of the document's lists; a first line that is a sentence is none
    doc_title = simplify(title or (first_line if len(first_line) <= 60 and not re.search(r"[。；;！？]", first_line)
                                   else ""))
    headings: dict[str, str] = {}
    previous = run = ""
    continuing = False
    for clause in index_text(clean, title):
        sentence = clause.text
        s = simplify(sentence)
        heading_context = " ".join(headings.get(label, "") for label in label_chain(clause.label))
        if clause.sentence == 0 and marker_of(sentence):
            headings[clause.label] = s
        context = heading_context + " " + previous
        sent = Sentence(s, sentence, clause.label, context, doc, idx, kidx_areas, kidx_pairs, issuer,
                        title=doc_title, lead=run if continuing else "", previous=previous,
                        headings=heading_context)
        for rule in RULES:
            rule(sent)
        # a sentence ending in ； or a line without end punctuation (a table row, a heading) leaves
        # the list open: the next sentence keeps the sentences that opened it as its lead
        run = run if continuing else s[:LEAD_MAX]
        continuing = bool(re.search(r"[；;]\s*$", s)) or not re.search(r"[。！？!?]\s*$", s)
        previous = s
    frame = pd.DataFrame(
        [
            {
                "entity_type": c.entity_type, "kind": c.kind, "name": c.name, "refs": ";".join(c.refs),
                "doc": c.doc, "clause": c.clause, "quote": c.quote, "direction": c.direction,
                "party_names": c.party_names, "basin": c.basin, "entity_id": c.entity_id, "method": c.method,
                "note": c.note,
            }
            for c in doc.rows.values()
        ],
        columns=COLUMNS + EXTRA_COLUMNS,
    )
    return frame



def extract_many(items: Iterable[tuple[str, str]], *, progress: Callable[[int, int, str], None] | None = None,
                 data_dir: Path | str | None = None, **options) -> pd.DataFrame:
    """Candidates of several documents: ``items`` are ``(doc_id, text)`` or ``(doc_id, text,
    title)``; ``progress(done, total, doc_id)`` is called after each one (the app drives a
    progress bar with it). ``options`` go to :func:`extract_text`. The curated entities are
    loaded once, from ``data_dir`` (default ``pairings/data``); a document without a title of its
    own gets the one documents.csv lists for it (for the ``标题`` clause and the issuing province)."""
    items = [tuple(item) for item in items]
    tables = load_curated(data_dir)
    if options.get("use_known", True) and options.get("known") is None:
        options["known"] = known_entities(tables, place_index(options.get("gazetteer")))
    titles = {}
    if not tables["documents"].empty and "title" in tables["documents"]:
        titles = dict(zip(tables["documents"]["doc_id"], tables["documents"]["title"]))
    frames = []
    for done, (doc_id, text, *rest) in enumerate(items, start=1):
        title = rest[0] if rest and rest[0] else titles.get(doc_id)
        frames.append(extract_text(text, doc_id, **{"title": title, **options}))
        if progress is not None:
            progress(done, len(items), doc_id)
    if not frames:
        return pd.DataFrame(columns=COLUMNS + EXTRA_COLUMNS)
    return pd.concat(frames, ignore_index=True)


