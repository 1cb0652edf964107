"""Evidence for a selected entity or place: parties/members, citations, the clause in its text.

Returns plain data and escaped HTML fragments; no Streamlit.
"""
from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from pairings.entities import AREA_TYPES

from mapview.data import Dataset, is_adcode


def place_name(code: str, gazetteer=None, lang: str = "zh") -> str:
    """Readable name of an adcode (``name`` or ``name_en name``), or the code itself."""
    gaz = gazetteer if gazetteer is not None else _gazetteer()
    unit = gaz.get(code) if gaz is not None else None
    if unit is None:
        return code
    return unit.name if lang == "zh" else f"{unit.name_en} ({unit.name})"


@lru_cache(maxsize=1)
def _gazetteer():
    try:
        import geo

        return geo.gazetteer()
    except Exception:  # noqa: BLE001 - names fall back to codes
        return None


def ref_name(ref: str, data: Dataset, lang: str = "zh") -> str:
    """Name of a pairing party: a place name for an adcode, the entity's name for an entity id."""
    if is_adcode(ref):
        return place_name(ref, lang=lang)
    hit = data.entities[data.entities["eid"] == ref]
    if not len(hit):
        return ref
    from mapview.i18n import display_name

    return display_name(hit.iloc[0], lang)


def parties(entity: pd.Series, data: Dataset, lang: str = "zh") -> list[str]:
    """Parties (pairing: a then b), members (zone/basin) or host (platform), as readable names:
    the names written in the CSV; in English, the gazetteer's English name with the Chinese one
    (``Sichuan (四川省)``) wherever the party is an admin unit."""
    en = lang == "en"
    if entity["etype"] == "pairing":
        return [(ref_name(ref, data, lang) if en else "") or name or ref_name(ref, data, lang)
                for name, ref in ((entity["a_name"], entity["a_ref"]), (entity["b_name"], entity["b_ref"]))]
    if entity["etype"] in AREA_TYPES:
        names = [n for n in str(entity["member_names"]).split(";") if n]
        return ([place_name(c, lang=lang) for c in entity["members"]] if en or not names else names)
    host = ((place_name(entity["host_adcode"], lang=lang) if entity["host_adcode"] and (en or not entity["host_name"])
             else "") or entity["host_name"])
    return [x for x in (host, entity["country"]) if x]


def citations(eid: str, data: Dataset, doc_ids=None) -> pd.DataFrame:
    """Mentions of ``eid`` joined to their document (``doc_id, title, issuer, date, clause, quote``),
    in document date order; only ``doc_ids`` when given."""
    men = data.mentions[data.mentions["entity_id"] == eid]
    if doc_ids is not None:
        men = men[men["doc_id"].isin(doc_ids)]
    out = men.merge(data.documents, on="doc_id", how="left")
    return out.sort_values(["date", "doc_id", "clause"])[["doc_id", "title", "issuer", "date", "clause", "quote"]].reset_index(drop=True)


def clause_text(doc_id: str, clause: str) -> str:
    """The sentences of ``doc_id`` labelled ``clause`` (joined), or '' when the text is absent."""
    try:
        from pairings.texts import clause_index

        sentences = [c.text for c in clause_index(doc_id) if c.label == clause]
    except (FileNotFoundError, ImportError):
        return ""
    return "".join(sentences)


def highlight(text: str, quote: str) -> str:
    """Escaped ``text`` with the first occurrence of ``quote`` wrapped in ``<mark>``."""
    pos = text.find(quote) if quote else -1
    if pos < 0:
        return html.escape(text)
    return (html.escape(text[:pos]) + '<mark class="mv-quote-in-text">' + html.escape(quote) + "</mark>"
            + html.escape(text[pos + len(quote):]))


def citation_html(row: pd.Series, clause_label: str, lang: str = "zh") -> str:
    """One citation as escaped HTML: document title, issuer, date, clause label, the quote."""
    from mapview.i18n import document_issuer, document_title

    head = (f"{html.escape(document_title(row, lang))} · {html.escape(document_issuer(row, lang))} · "
            f"{html.escape(row['date'])}")
    return (f'<div class="mv-citation" data-doc="{html.escape(row["doc_id"], quote=True)}">'
            f'<div class="mv-citation-doc">{head}</div>'
            f'<div class="mv-citation-clause">{html.escape(clause_label)} {html.escape(row["clause"])}</div>'
            f'<blockquote class="mv-quote">{html.escape(row["quote"])}</blockquote></div>')
