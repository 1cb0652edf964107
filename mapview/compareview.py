"""Compare mode, the timeline and the small charts on the map page (Streamlit; the pure parts are
``mapview.compare`` and ``mapview.charts``).

- Compare mode: a sidebar control (:func:`draw_sidebar`: two documents or groups of documents, or
  two year ranges) and the URL key ``compare=A,B`` (read once by :func:`init`, checked with
  ``mapview.urlhygiene.normalise_params``); :func:`current` turns the widgets into the canonical
  ``compare`` value (``st.session_state["compare"]``, which ``sidebar.state_of`` puts into the
  URL) and the :class:`mapview.compare.Comparison` of the shown entities. The map gets the ids per
  class in its state (``compare.compare_state``), ``assets/map.js`` ``mvCompare`` draws them;
  :func:`side_list` lists them beside the map, grouped by class, each with its quote.
- :func:`timeline_view`: the documents by date with what each first introduced (a row click
  selects the entity).
- :func:`charts_view`: features per document and layer, partners per province, first-cited year;
  a bar click filters (document -> only that document, province -> place, year -> years).

One sidebar element while all is off (every rerun sends each element, and a filter click has a
byte budget): the pills ``w_extras`` (``compare``, ``charts``, ``timeline``) switch compare mode,
the charts and the timeline on; :func:`is_on` reads them.

Widget keys: ``w_extras``, ``w_cmp_mode`` (``docs``/``years``), ``w_cmp_a``, ``w_cmp_b`` (document
ids), ``w_cmp_ya``, ``w_cmp_yb`` (year ranges), ``w_timeline``, ``chart_docs``, ``chart_partners``,
``chart_years``. DOM hooks: ``div.mv-cmp-list``, ``.mv-cmp-count[data-status]``,
``div.mv-cmp-group[data-status]``, ``div.mv-cmp-entry.mv-<status>[data-eid]`` with the quote in
``blockquote.mv-quote`` and the document in ``.mv-cmp-doc[data-doc]``.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from mapview import charts, compare
from mapview.compose import kind_label
from mapview.i18n import display_names, document_labels, entity_label, ui
from mapview.inert import html_text, md_text


def _ordered(documents) -> list[str]:
    return list(documents.sort_values(["date", "doc_id"])["doc_id"])


def _set_widgets_from(value: str, documents) -> None:
    sides, _ = compare.parse_compare(value, documents)
    if sides is None:
        return
    a, b = sides
    _switch("compare", True)
    if a.years is not None and b.years is not None:
        st.session_state.update({"w_cmp_mode": "years", "w_cmp_ya": a.years, "w_cmp_yb": b.years})
    else:
        st.session_state.update({"w_cmp_mode": "docs", "w_cmp_a": list(a.doc_ids), "w_cmp_b": list(b.doc_ids)})


def init(documents, all_docs: tuple, kinds_in_data: tuple, year_bounds: tuple) -> None:
    """Widget defaults, and on a session's first run the ``compare`` URL value (an unusable one is
    dropped with a notice, kept in ``st.session_state["cmp_notices"]``)."""
    order = _ordered(documents)
    defaults = {"w_extras": [], "w_cmp_mode": "docs", "w_cmp_a": order[:1], "w_cmp_b": order[-1:],
                "w_cmp_ya": (year_bounds[0], year_bounds[0]), "w_cmp_yb": (year_bounds[1], year_bounds[1])}
    if "cmp_initialised" not in st.session_state:
        st.session_state["cmp_initialised"] = True
        st.session_state.update(defaults)
        raw = st.query_params.get("compare")
        if raw is not None:
            from mapview.urlhygiene import normalise_params

            params, notices = normalise_params({"compare": raw}, all_docs, kinds_in_data, documents=documents)
            st.session_state["cmp_notices"] = notices
            if params.get("compare"):
                _set_widgets_from(params["compare"], documents)
        return
    for key, value in defaults.items():  # widgets not drawn on the last run lost their state
        st.session_state.setdefault(key, value)


def current(data, filters):
    """``(comparison or None, filters)``: the comparison the widgets ask for, over the entities
    the other filters (layers, kinds, place, basis) keep, and the filters the map then applies
    (documents = both sides, no year filter). Sets ``st.session_state["compare"]`` (the URL value,
    '' when off) and ``st.session_state["cmp_problem"]`` (why a comparison could not be made)."""
    from mapview.select import apply_filters

    st.session_state["compare"], st.session_state["cmp_problem"] = "", ""
    if not is_on("compare"):
        return None, filters
    docs = data.documents
    try:
        if st.session_state.get("w_cmp_mode") == "years":
            a = compare.side_from_years(*st.session_state["w_cmp_ya"], docs)
            b = compare.side_from_years(*st.session_state["w_cmp_yb"], docs)
        else:
            a = compare.side_from_docs(st.session_state.get("w_cmp_a") or [], docs)
            b = compare.side_from_docs(st.session_state.get("w_cmp_b") or [], docs)
    except ValueError as error:
        st.session_state["cmp_problem"] = str(error)
        return None, filters
    if not a.doc_ids or not b.doc_ids or set(a.doc_ids) == set(b.doc_ids):
        st.session_state["cmp_problem"] = "cmp_need_two"
        return None, filters
    narrowed = replace(filters, docs=compare.union_docs(a, b), years=None)
    ents, _ = apply_filters(data, narrowed)
    st.session_state["compare"] = compare.format_compare(a, b)
    return compare.compare(data, a, b, entities=ents), narrowed


EXTRAS = ("compare", "charts", "timeline")


def is_on(extra: str) -> bool:
    """Whether ``compare`` / ``charts`` / ``timeline`` is switched on (the ``w_extras`` pills)."""
    return extra in (st.session_state.get("w_extras") or [])


def _switch(extra: str, on: bool) -> None:
    now = [x for x in (st.session_state.get("w_extras") or []) if x != extra]
    st.session_state["w_extras"] = [x for x in EXTRAS if x in now or (on and x == extra)]


def draw_sidebar(documents, year_bounds: tuple, lang: str) -> None:
    """The compare control in the sidebar (see module doc)."""
    T = lambda key: ui(key, lang)  # noqa: E731
    side = st.sidebar
    for notice in st.session_state.pop("cmp_notices", []) or []:
        side.warning(notice.markdown(lang))  # inert: urlhygiene notices make the values inert
    side.pills(T("cmp_extras"), list(EXTRAS), key="w_extras", selection_mode="multi",
               format_func=lambda x: T(f"cmp_extra_{x}"))
    if not is_on("compare"):
        return
    side.caption(T("cmp_help"))
    labels = document_labels(documents, lang)
    order = _ordered(documents)
    has_years = year_bounds[0] < year_bounds[1]
    if has_years:
        side.radio(T("cmp_mode"), ["docs", "years"], key="w_cmp_mode", horizontal=True,
                   format_func=lambda m: T(f"cmp_mode_{m}"))
    if st.session_state.get("w_cmp_mode") == "years" and has_years:
        side.slider(T("cmp_side_a"), year_bounds[0], year_bounds[1], key="w_cmp_ya")
        side.slider(T("cmp_side_b"), year_bounds[0], year_bounds[1], key="w_cmp_yb")
    else:
        fmt = lambda d: labels.get(d, d)  # noqa: E731
        side.multiselect(T("cmp_side_a"), order, key="w_cmp_a", format_func=fmt, placeholder=T("cmp_choose"))
        side.multiselect(T("cmp_side_b"), order, key="w_cmp_b", format_func=fmt, placeholder=T("cmp_choose"))
    problem = st.session_state.get("cmp_problem")
    if problem:
        side.warning(T(problem) if problem.startswith("cmp_") else md_text(problem))
    else:
        side.caption(T("cmp_docs_ignored"))


def caption_text(cmp: compare.Comparison, documents, lang: str) -> str:
    """One line saying what is compared, with the counts (for the page and present mode)."""
    counts = " · ".join(f"{compare.status_label(s, lang)} {cmp.counts[s]}" for s in compare.STATUSES)
    return ui("cmp_caption", lang).format(a=cmp.a.label(documents, lang), b=cmp.b.label(documents, lang),
                                          counts=counts)


def side_list(cmp: compare.Comparison, data, lang: str) -> None:
    """The compared entities beside the map, grouped by class (counts in the heading), each with
    its quote from the document that has it (B's for added and shared, A's for dropped)."""
    labels = document_labels(data.documents, lang)
    names = display_names(data.entities[data.entities["eid"].isin(set(cmp.table["eid"]))], lang)
    counts = "".join(f'<span class="mv-cmp-count {compare.CSS_CLASS[s]}" data-status="{s}">'
                     f'{html_text(compare.status_label(s, lang))} <b>{cmp.counts[s]}</b></span> ' for s in compare.STATUSES)
    st.markdown(f'<div class="mv-cmp-list"><div class="mv-cmp-heading"><b>{html_text(ui("cmp_heading", lang))}</b><br>'
                f'A {html_text(cmp.a.label(data.documents, lang))}<br>B {html_text(cmp.b.label(data.documents, lang))}</div>'
                f'<div class="mv-cmp-counts">{counts}</div></div>', unsafe_allow_html=True)  # inert: counts is html_text
    for status in compare.STATUSES:
        rows = cmp.table[cmp.table["status"] == status]
        title = f"{compare.status_label(status, lang)} ({len(rows)})"
        with st.expander(md_text(title), expanded=status == compare.ADDED and len(rows) > 0):
            out = [f'<div class="mv-cmp-group" data-status="{status}">']
            for r in rows.itertuples(index=False):
                doc = labels.get(r.doc_id, r.doc_id)
                out.append(
                    f'<div class="mv-cmp-entry {r.css_class}" data-eid="{html_text(r.eid)}">'
                    f'<b class="mv-cmp-name">{html_text(names.get(r.eid, r.name))}</b> '
                    f'<span class="mv-cmp-kind">{html_text(entity_label(r.etype, lang))} · {html_text(kind_label(r.kind, lang))}</span>'
                    f'<div class="mv-cmp-doc" data-doc="{html_text(r.doc_id)}">{html_text(doc)} {html_text(str(r.clause or ""))}</div>'
                    f'<blockquote class="mv-quote">{html_text(str(r.quote or ""))}</blockquote></div>')
            out.append("</div>")
            st.markdown("".join(out), unsafe_allow_html=True)  # inert: every piece above is html_text


# ---------------------------------------------------------------------------------------------
# timeline


def _pick_timeline(eids: list[str]) -> None:
    event = st.session_state.get("w_timeline")
    rows = ((event or {}).get("selection") or {}).get("rows") or []
    if rows and 0 <= rows[0] < len(eids):
        st.session_state["sel"] = eids[rows[0]]


def timeline_view(data, entities, lang: str) -> None:
    """The documents by date, each with what it first introduced among ``entities`` (the shown
    layers/kinds/place, all documents); a row click selects the entity."""
    table = compare.timeline_table(data, entities)
    labels = document_labels(data.documents, lang)
    names = display_names(entities[entities["eid"].isin(set(table["eid"]))], lang)
    counts = table.groupby("doc_id").size().to_dict()
    steps = compare.timeline(data, entities)
    st.caption(md_text(" → ".join(f"{s.date} {labels.get(s.doc_id, s.doc_id)}: +{counts.get(s.doc_id, 0)}" for s in steps)))
    show = table.assign(document=table["doc_id"].map(labels), layer=[entity_label(t, lang) for t in table["etype"]],
                        kind=[kind_label(k, lang) for k in table["kind"]],
                        name=[names.get(x, n) for x, n in zip(table["eid"], table["name"])])
    show = show[["date", "document", "layer", "kind", "name"]].rename(columns={
        "date": ui("cmp_date", lang), "document": ui("cmp_document", lang), "layer": ui("layers", lang),
        "kind": ui("kinds", lang), "name": ui("name", lang)})
    st.dataframe(show, key="w_timeline", on_select=partial(_pick_timeline, list(table["eid"])),
                 selection_mode="single-row", hide_index=True, width="stretch", height=320)


# ---------------------------------------------------------------------------------------------
# at-a-glance charts


def _pick_doc() -> None:
    docs = charts.selected_values(st.session_state.get("chart_docs"), charts.DOC_PARAM, "doc_id")
    if not docs:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("w_doc_")]:
        st.session_state[key] = key == f"w_doc_{docs[0]}"
    _switch("compare", False)  # "only this document" ends compare mode


def _pick_province() -> None:
    codes = charts.selected_values(st.session_state.get("chart_partners"), charts.PROVINCE_PARAM, "adcode")
    if codes:
        st.session_state["w_place"] = str(codes[0])
        st.session_state["view"] = None


def _pick_year(year_bounds: tuple) -> None:
    years = charts.selected_values(st.session_state.get("chart_years"), charts.YEAR_PARAM, "year")
    if years:
        y = min(max(int(years[0]), year_bounds[0]), year_bounds[1])
        st.session_state["w_years"] = (y, y)


def charts_view(data, entities, mentions, lang: str, year_bounds: tuple) -> None:
    """The three charts over what the map shows (``entities, mentions = apply_filters(...)``)."""
    fpd = charts.features_per_document(entities, mentions, data.documents, lang)
    if fpd.empty:
        st.caption(ui("cmp_nothing", lang))
        return
    st.altair_chart(charts.features_per_document_chart(fpd, lang).configure_legend(orient="bottom", columns=2),
                    key="chart_docs", on_select=_pick_doc,
                    width="stretch")
    ppp = charts.partners_per_province(entities, data.entities, lang)
    if len(ppp):
        st.altair_chart(charts.partners_chart(ppp, lang, top=12), key="chart_partners", on_select=_pick_province,
                        width="stretch")
    fcy = charts.first_cited_year(entities, mentions, data.documents, lang)
    if len(fcy):
        st.altair_chart(charts.first_cited_year_chart(fcy, lang).configure_legend(orient="bottom", columns=2),
                        key="chart_years",
                        on_select=partial(_pick_year, year_bounds), width="stretch")
    st.caption(ui("chart_hint", lang))
