"""The sidebar's filters and the page URL, both ways (Streamlit; the pure part is ``urlstate``).

``init_from_url`` fills the widgets' session state from the URL on a session's first run,
``draw`` draws the filters and returns the view they make, ``write_url`` puts that view back into
the URL (``view=`` is kept by the map itself, ``assets/map.js`` ``mvViewSync``).

Widget keys (tests and benchmarks use them): ``w_lang``, ``w_doc_<doc_id>``, ``w_layers``,
``w_kinds``, ``w_years``, ``w_basis``, ``w_place_q`` / ``w_place`` (the one search box: places and
entities, :func:`find_box`), ``w_tiles``; shortcuts ``w_docs_all``, ``w_docs_none``, ``w_only`` (only this document),
``w_only_<doc_id>``. Session: ``url_notices`` (the link's problems), ``kinds_excluded`` (what the
kinds filter leaves out: kinds new to the data are shown).
"""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from mapview import render, urlhygiene, urlstate
from mapview.compose import kind_label
from mapview.i18n import document_issuer, document_title, entity_label, ui
from mapview.inert import html_text, md_text
from mapview.select import Filters


@st.cache_resource(show_spinner=False)
def place_options(lang: str) -> dict[str, str]:
    """adcode -> "name · parent" (English: "Name 名称 · Parent") for the place search (every
    province, city and county)."""
    import geo

    gaz = geo.gazetteer()

    def label(u):
        return u.name if lang == "zh" or not u.name_en else f"{u.name_en} {u.name}"

    out = {}
    for unit in gaz.units():
        parent = gaz.get(unit.parent)
        out[unit.adcode] = label(unit) if parent is None else f"{label(unit)} · {label(parent)}"
    return out


#: how many places the search offers at once
MAX_PLACE_CHOICES = 40


def place_choices(places: dict[str, str], query: str, current: str = "") -> list[str]:
    """The place search's options: ``""`` (all), then the places whose label contains ``query``
    (case-insensitive; provinces, then cities, then counties; at most :data:`MAX_PLACE_CHOICES`),
    or the provinces when there is no query; the current choice always stays among them. The
    3,237 places stay on the server: the browser gets a short list."""
    q = (query or "").strip().lower()
    rank = {"province": 0, "city": 1, "county": 2}

    def level(code: str) -> int:
        return rank["province"] if code.endswith("0000") else rank["city"] if code.endswith("00") else rank["county"]

    if q:
        hits = sorted((c for c, label in places.items() if q in label.lower() or q == c), key=lambda c: (level(c), c))
    else:
        hits = [c for c in places if level(c) == 0]
    out = [""] + hits[:MAX_PLACE_CHOICES]
    if current and current not in out:
        out.insert(1, current)
    return out


def init_from_url(all_docs: tuple, kinds_in_data: tuple, year_bounds: tuple, documents=None) -> None:
    """On a session's first run: the widgets' values from the URL (old links included; unknown
    values fall back to defaults under one rule, ``mapview.urlhygiene.normalise_params``, and the
    notices it gives are kept in ``url_notices`` for :func:`show_url_notices`; ``documents``, the
    documents table, lets it check ``compare``). Later runs only fill the widgets whose state
    Streamlit dropped while another page was shown."""
    first = "initialised" not in st.session_state
    keys = ("w_lang", "w_layers", "w_kinds", "w_years", "w_tiles", "w_basis",
            *(f"w_doc_{d}" for d in all_docs))
    if not first and all(k in st.session_state for k in keys):
        return
    params, notices = urlhygiene.normalise_params(dict(st.query_params), all_docs, kinds_in_data,
                                                  urlstate.ALL_LAYERS, documents)
    if first:
        st.session_state["url_notices"] = notices
    s0 = urlstate.parse(params, known_docs=all_docs, known_kinds=kinds_in_data,
                        year_bounds=year_bounds, known_place=lambda code: code in place_options("zh"))
    values = {"w_lang": s0.lang == "en" or st.session_state.get("lang") == "en", "w_layers": list(s0.layers),
              "w_kinds": list(s0.kinds if s0.kinds is not None else kinds_in_data),
              "w_years": s0.years or year_bounds, "w_tiles": s0.tiles or "", "w_basis": s0.basis == "text"}
    if s0.place:  # else the search keeps its default: its (large) element is then the same on every run
        values["w_place"] = s0.place
    values.update({f"w_doc_{d}": s0.docs is None or d in s0.docs for d in all_docs})
    if first:
        st.session_state.update({**values, "initialised": True, "sel": s0.sel, "view": s0.view,
                                 "present": s0.present, "chrome": s0.chrome})
        return
    if "kinds_excluded" in st.session_state:  # back from another page: what was excluded stays excluded
        values["w_kinds"] = [k for k in kinds_in_data if k not in set(st.session_state["kinds_excluded"])]
    for key, value in values.items():
        st.session_state.setdefault(key, value)


def follow_data(all_docs: tuple, kinds_in_data: tuple, year_bounds: tuple) -> None:
    """After the data changed (a write, a save, a file edited on disk): what is new to the data is
    shown. The kinds filter remembers what the user EXCLUDED (``kinds_excluded``), so a kind new to
    the data is selected; a new document is ticked; a year range that was the whole range widens
    to the new whole range (a narrower one is clamped into it). Call it every run, after
    :func:`init_from_url` and before the widgets are drawn."""
    ss = st.session_state
    known_kinds, known_docs, known_years = ss.get("known_kinds"), ss.get("known_docs"), ss.get("known_years")
    if known_kinds is not None and tuple(known_kinds) != tuple(kinds_in_data):
        excluded = set(known_kinds) - set(ss.get("w_kinds", known_kinds))
        ss["w_kinds"] = [k for k in kinds_in_data if k not in excluded]
    if known_docs is not None:
        for d in all_docs:
            if d not in known_docs:
                ss[f"w_doc_{d}"] = True
    if known_years is not None and tuple(known_years) != tuple(year_bounds) and "w_years" in ss:
        lo, hi = ss["w_years"]
        if (lo, hi) == tuple(known_years):
            ss["w_years"] = tuple(year_bounds)
        else:
            lo, hi = max(lo, year_bounds[0]), min(hi, year_bounds[1])
            ss["w_years"] = (lo, hi) if lo <= hi else tuple(year_bounds)
    ss["known_kinds"], ss["known_docs"], ss["known_years"] = tuple(kinds_in_data), tuple(all_docs), tuple(year_bounds)
    ss["kinds_excluded"] = tuple(k for k in kinds_in_data if k not in set(ss.get("w_kinds", kinds_in_data)))


def show_url_notices(lang: str, params: dict | None = None) -> None:
    """The link's problems (``url_notices``: unknown documents, layers, kinds, a comparison that
    cannot be used) as warnings, the link's text made inert; shown until the user changes what
    the link showed (``params``: :func:`url_params` of this run's view, compared with the first's)."""
    if params is not None and params != st.session_state.setdefault("url_params_0", params):
        st.session_state["url_notices"] = []
    for notice in st.session_state.get("url_notices") or []:
        st.warning(notice.markdown(lang), icon="🔗")  # inert: urlhygiene notices make the values inert


def _set_docs(all_docs: tuple, only: str | None) -> None:
    """Shortcut callback: tick every document (``only == "*"``), none (``""``) or only ``only``."""
    for d in all_docs:
        st.session_state[f"w_doc_{d}"] = only == "*" or d == only


def doc_shortcuts(side, all_docs: tuple, lang: str) -> None:
    """The all / none buttons over the documents' checkboxes (keys ``w_docs_all``, ``w_docs_none``)."""
    a, b = side.columns(2)
    a.button(ui("docs_all", lang), key="w_docs_all", on_click=_set_docs, args=(all_docs, "*"), width="stretch")
    b.button(ui("docs_none", lang), key="w_docs_none", on_click=_set_docs, args=(all_docs, ""), width="stretch")
    # "only this document": one select box (a button per document made every rerun ~1.5 kB heavier)
    labels = st.session_state.get("doc_labels_" + lang) or {}
    side.selectbox(ui("doc_only_help", lang), list(all_docs), index=None, key="w_only", placeholder=ui("doc_only", lang),
                   format_func=lambda d: labels.get(d, d), on_change=_only_doc, args=(all_docs,),
                   label_visibility="collapsed")


def _only_doc(all_docs: tuple) -> None:
    """The "only this document" select box: tick that document alone, then empty the box again."""
    chosen = st.session_state.get("w_only")
    if chosen:
        _set_docs(all_docs, chosen)
    st.session_state["w_only"] = None


def _relabel_widgets() -> None:
    """Language toggle callback. A multiselect or selectbox sends back the *labels* it shows, and
    its labels change with the language; assigning each its (canonical) value again makes the
    page redraw it with the new labels, so that the next interaction does not send old-language
    labels that match no option."""
    for key in ("w_layers", "w_kinds", "w_place", "w_tiles"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _forget_view() -> None:
    """Place search callback: a newly chosen place is shown at its own zoom, not at the view the
    page was opened with (a shared link with both keeps its view)."""
    st.session_state["view"] = None


def state_of(documents, kinds_in_data: tuple, year_bounds: tuple) -> urlstate.ViewState:
    """The view the widgets' values make (read from the session, so the map can be drawn before
    the sidebar: its message then leaves first); ``view`` comes from the URL."""
    all_docs = tuple(documents["doc_id"])
    chosen = tuple(d for d in all_docs if st.session_state[f"w_doc_{d}"])
    years = tuple(st.session_state["w_years"])
    return urlstate.ViewState(
        lang="en" if st.session_state["w_lang"] else "zh", docs=None if len(chosen) == len(all_docs) else chosen,
        layers=tuple(st.session_state["w_layers"]),
        kinds=None if set(st.session_state["w_kinds"]) == set(kinds_in_data) else tuple(st.session_state["w_kinds"]),
        years=years if years != tuple(year_bounds) else None, place=st.session_state.get("w_place") or "",
        sel=st.session_state["sel"], view=urlstate.parse(dict(st.query_params)).view,
        tiles=st.session_state["w_tiles"], present=st.session_state["present"],
        basis="text" if st.session_state.get("w_basis") else "", compare=st.session_state.get("compare", ""),
        chrome=st.session_state.get("chrome", True))


def draw(documents, kinds_in_data: tuple, year_bounds: tuple) -> None:
    """Draw the filters in the sidebar (their values are the session's, see :func:`state_of`)."""
    lang = "en" if st.session_state["w_lang"] else "zh"
    T = lambda key: ui(key, lang)  # noqa: E731
    side = st.sidebar
    side.toggle(ui("language", lang), key="w_lang", on_change=_relabel_widgets)
    find_box(side, lang)  # first: "what involves 四川?" — and its pick list opens where it can be seen
    side.subheader(T("documents"))
    all_docs = tuple(documents["doc_id"])
    from mapview.i18n import document_labels

    st.session_state["doc_labels_" + lang] = document_labels(documents, lang)
    doc_shortcuts(side, all_docs, lang)
    for rec in documents.itertuples(index=False):
        title, issuer = document_title(rec, lang), document_issuer(rec, lang)
        side.checkbox(md_text(title), key=f"w_doc_{rec.doc_id}", help=md_text(f"{issuer} · {rec.date}"))
        side.caption(md_text(f"{issuer} · {rec.date}"))
    side.subheader(T("layers"))
    side.multiselect(T("layers"), list(urlstate.ALL_LAYERS), key="w_layers", placeholder=T("choose"),
                     format_func=lambda t: entity_label(t, lang), label_visibility="collapsed")
    side.multiselect(T("kinds"), list(kinds_in_data), key="w_kinds", format_func=lambda k: kind_label(k, lang),
                     placeholder=T("choose"))
    if year_bounds[0] < year_bounds[1]:
        side.slider(T("years"), year_bounds[0], year_bounds[1], key="w_years")
    side.toggle(T("basis_filter"), key="w_basis", help=T("basis_filter_help"))
    side.selectbox(T("basemap"), ["", *render.TILES], key="w_tiles", placeholder=T("choose"),
                   format_func=lambda t: T("basemap_none") if not t else t)


# ------------------------------------------------------------------ find by name (issue 13, w-find)

def find_options(query: str, lang: str, current: str = "") -> dict[str, str]:
    """The one search box's pick list ``{value: label}`` (``""`` first = every place): with a
    query, places *and* entities ranked by ``mapview.search`` (an entity's value is
    ``mapview.find.ENTITY_PREFIX`` + its id); without one, the provinces (as before)."""
    from mapview import find, resources

    places = place_options(lang)
    if not (query or "").strip():
        return {c: places.get(c, "") for c in place_choices(places, "", current)}
    entities = resources.get_data(resources.data_folder()).entities
    out = find.find_choices(query, entities, lang, current)
    return {v: (places.get(v) or label) if v and find.entity_of(v) is None else label for v, label in out.items()}


def _on_find() -> None:
    """Search-box callback. A place sets the place filter (shown at its own zoom); an entity is
    selected and framed (its bounds, ``mapview.search.hit_bounds``), and the place filter keeps
    its value."""
    from mapview import find, resources, search

    value = st.session_state.get("w_place") or ""
    eid = find.entity_of(value)
    if eid is None:
        _forget_view()
        return
    st.session_state["w_place"] = st.session_state.get("w_place_prev", "")
    st.session_state["sel"] = eid
    st.session_state["under"] = None
    entities = resources.get_data(resources.data_folder()).entities
    hit = search.Hit(str(entities.loc[entities["eid"] == eid, "etype"].iloc[0]) if (entities["eid"] == eid).any()
                     else "zone", eid, "")
    frame = find.frame_of(search.hit_bounds(hit, entities))
    if frame is not None:
        st.session_state["view"] = frame


def find_box(side, lang: str) -> None:
    """The sidebar's one search box (text input ``w_place_q`` and pick list ``w_place``): places and entities by name, alias, English name, pinyin or initials."""
    T = lambda key: ui(key, lang)  # noqa: E731
    query = side.text_input(T("find"), key="w_place_q", placeholder=T("find_search"))
    current = st.session_state.get("w_place") or ""
    options = find_options(query, lang, current)
    if (query or "").strip() and len(options) == 1 + (1 if current else 0):
        side.caption(T("find_nothing"))
    side.selectbox(T("place_pick"), list(options), key="w_place", on_change=_on_find,
                   format_func=lambda c: (options.get(c) or c) if c else T("place_none"),
                   label_visibility="collapsed", placeholder=T("choose"))
    st.session_state["w_place_prev"] = st.session_state.get("w_place") or ""


def filters_of(state: urlstate.ViewState) -> Filters:
    """The filter a view applies."""
    return Filters(docs=state.docs, layers=state.layers, kinds=state.kinds, years=state.years,
                   place=state.place or None, basis=state.basis or None)


def present_link(state: urlstate.ViewState) -> None:
    """The sharing hint and the presentation-mode link (the map keeps its ``view=`` up to date)."""
    T = lambda key: ui(key, state.lang)  # noqa: E731
    url = "?" + urlencode({**urlstate.to_params(state), "present": "1"})
    st.sidebar.caption(T("share"))
    st.sidebar.markdown(f'<a class="mv-present-link" href="{html_text(url)}" target="_blank">'
                        f'{html_text(T("present_link"))}</a>', unsafe_allow_html=True)


def exit_link(state: urlstate.ViewState) -> None:
    """Present mode's small "exit" link: the normal page with the same state (the map keeps its
    ``view=`` up to date in it, like in the present-mode link: class ``mv-view-link``)."""
    params = urlstate.to_params(replace(state, present=False, chrome=True))
    url = "?" + urlencode(params)
    st.markdown(f'<a class="mv-view-link mv-exit-link" href="{html_text(url)}" target="_self">'
                f'← {html_text(ui("present_exit", state.lang))}</a>', unsafe_allow_html=True)


def url_params(state: urlstate.ViewState, all_docs: tuple, kinds_in_data: tuple, year_bounds: tuple) -> dict:
    """The query parameters of a view (defaults left out; ``kinds`` the shorter of inclusion and
    exclusion, ``mapview.urlhygiene.compact_params``; no ``view``, the map's)."""
    params = urlstate.to_params(replace(state, view=None, sel=st.session_state["sel"]), all_docs=all_docs,
                                all_kinds=kinds_in_data, year_bounds=year_bounds)
    return urlhygiene.compact_params(params, kinds_in_data)


def write_url(state: urlstate.ViewState, all_docs: tuple, kinds_in_data: tuple, year_bounds: tuple) -> None:
    """Widgets -> URL (defaults left out; ``view`` is the map's)."""
    params = url_params(state, all_docs, kinds_in_data, year_bounds)
    if params != {k: v for k, v in st.query_params.items() if k != "view"}:
        st.query_params.from_dict(params)
