"""中国区域合作政策地图 — the Streamlit page.

Composes widgets around the functions in ``mapview`` (data, filters, geometry, folium rendering,
evidence, URL state); no policy or geometry logic lives here. Run: ``streamlit run app.py``.
"""
from __future__ import annotations

import html
import os
import re
import threading
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mapview import render, urlstate
from mapview.candidates import candidate_entities, curated_zip, write_into_csvs
from mapview.compose import candidate_layers, compose, kind_label, place_outlines, selected_outlines
from mapview.data import DATA_DIR, load_dataset
from mapview.evidence import citation_html, citations, clause_text, highlight, parties, place_name
from mapview.features import default_lookup
from mapview.select import Filters, counts, involving
from pairings.glossary import ENTITY_TYPE_LABELS, KINDS, ui

st.set_page_config(page_title="中国区域合作政策地图", page_icon="🗺️", layout="wide")


# ----------------------------------------------------------------------------- cached resources
# REGIONMAP_DATA_DIR points the app at another folder of curated CSVs (tests use it).
DATA_FOLDER = os.environ.get("REGIONMAP_DATA_DIR") or str(DATA_DIR)


@st.cache_resource(show_spinner=False)
def get_data(folder: str):
    return load_dataset(folder)


@st.cache_resource(show_spinner=False)
def get_geo():
    return default_lookup()


@st.cache_resource(show_spinner=False, max_entries=256)
def get_composition(filters: Filters, lang: str, folder: str):
    return compose(get_data(folder), get_geo(), filters, lang)


@st.cache_resource(show_spinner=False, max_entries=128)
def get_outlines(eid: str, folder: str) -> str:
    return selected_outlines(get_data(folder), get_geo(), eid)


@st.cache_resource(show_spinner=False, max_entries=128)
def get_place_outlines(adcode: str, lang: str) -> str:
    return place_outlines(get_geo(), adcode, lang)


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


@st.cache_resource(show_spinner=False)
def start_base_layers(lang: str) -> threading.Thread:
    """Build the base map's layers (``render.base_layers_json``, memoised) on a thread started by
    the first run of the process, while it reads the data and composes the layers; the map waits
    for it (``join``) before it is drawn. Later runs get the finished thread."""
    thread = threading.Thread(target=render.base_layers_json, args=(lang,), name="base-layers", daemon=True)
    thread.start()
    return thread


start_base_layers("en" if st.query_params.get("lang") == "en" else "zh")
data = get_data(DATA_FOLDER)
all_docs = tuple(data.documents["doc_id"])
years = [int(y) for y in data.documents["year"].dropna()]
year_bounds = (min(years), max(years)) if years else (2015, 2019)
kinds_in_data = tuple(k for k in KINDS if k in set(data.entities["kind"]))

# ----------------------------------------------------------------------------- URL -> widgets (first run)
if "initialised" not in st.session_state:
    s0 = urlstate.parse(dict(st.query_params), known_docs=all_docs, known_kinds=kinds_in_data,
                        year_bounds=year_bounds, known_place=lambda code: code in place_options("zh"))
    st.session_state.update({
        "initialised": True, "w_lang": s0.lang == "en", "w_layers": list(s0.layers),
        "w_kinds": list(s0.kinds if s0.kinds is not None else kinds_in_data),
        "w_years": s0.years or year_bounds, "w_place": s0.place or "", "w_tiles": s0.tiles or "",
        "sel": s0.sel, "view": s0.view, "present": s0.present,
    })
    for doc in all_docs:
        st.session_state[f"w_doc_{doc}"] = s0.docs is None or doc in s0.docs

lang = "en" if st.session_state["w_lang"] else "zh"
present = st.session_state["present"]
T = lambda key: ui(key, lang)  # noqa: E731
if present:
    st.markdown("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],header{display:none}"
                ".block-container{padding-top:1rem;max-width:100%}</style>", unsafe_allow_html=True)

# ----------------------------------------------------------------------------- sidebar filters
side = st.sidebar
def relabel_widgets() -> None:
    """Language toggle callback. A multiselect or selectbox sends back the *labels* it shows, and
    its labels change with the language; assigning each its (canonical) value again makes the
    page redraw it with the new labels, so that the next interaction does not send old-language
    labels that match no option."""
    for key in ("w_layers", "w_kinds", "w_place", "w_tiles"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


side.toggle(ui("language", lang), key="w_lang", on_change=relabel_widgets)
side.subheader(T("documents"))
for rec in data.documents.itertuples(index=False):
    side.checkbox(f"{rec.title}", key=f"w_doc_{rec.doc_id}", help=f"{rec.issuer} · {rec.date}")
    side.caption(f"{rec.issuer} · {rec.date}")
side.subheader(T("layers"))
layer_names = {t: ENTITY_TYPE_LABELS[t][0 if lang == "zh" else 1] for t in urlstate.ALL_LAYERS}
side.multiselect(T("layers"), list(urlstate.ALL_LAYERS), key="w_layers", format_func=layer_names.get,
                 label_visibility="collapsed")
side.multiselect(T("kinds"), list(kinds_in_data), key="w_kinds", format_func=lambda k: kind_label(k, lang))
if year_bounds[0] < year_bounds[1]:
    side.slider(T("years"), year_bounds[0], year_bounds[1], key="w_years")
places = place_options(lang)
def forget_view() -> None:
    """Place search callback: a newly chosen place is shown at its own zoom, not at the view the
    page was opened with (a shared link with both keeps its view)."""
    st.session_state["view"] = None


side.selectbox(T("place"), [""] + list(places), key="w_place", on_change=forget_view,
               format_func=lambda c: places.get(c, T("place_none")) if c else T("place_none"))
side.selectbox(T("basemap"), ["", *render.TILES], key="w_tiles",
               format_func=lambda t: T("basemap_none") if not t else t)

chosen_docs = tuple(d for d in all_docs if st.session_state[f"w_doc_{d}"])
state = urlstate.ViewState(
    lang=lang,
    docs=None if len(chosen_docs) == len(all_docs) else chosen_docs,
    layers=tuple(st.session_state["w_layers"]),
    kinds=None if set(st.session_state["w_kinds"]) == set(kinds_in_data) else tuple(st.session_state["w_kinds"]),
    years=tuple(st.session_state["w_years"]) if tuple(st.session_state["w_years"]) != year_bounds else None,
    place=st.session_state["w_place"], sel=st.session_state["sel"],
    view=urlstate.parse(dict(st.query_params)).view, tiles=st.session_state["w_tiles"], present=present,
)
filters = Filters(docs=state.docs, layers=state.layers, kinds=state.kinds, years=state.years, place=state.place or None)
comp = get_composition(filters, lang, DATA_FOLDER)

# the map keeps this link's view= up to date as the user pans and zooms (render.VIEW_SYNC_JS)
present_url = "?" + urlencode({**urlstate.to_params(state), "present": "1"})
side.caption(T("share"))
side.markdown(f'<a class="mv-present-link" href="{html.escape(present_url, quote=True)}" target="_blank">'
              f'{html.escape(T("present_link"))}</a>', unsafe_allow_html=True)

# ----------------------------------------------------------------------------- title + map
st.title(T("title"))
st.caption(T("subtitle"))

order = [("zones", False), ("basins", False), ("pairings", False), ("platforms", True), ("highlight", False)]
groups = [render.group_from_json(name, comp.layers[name], clustered) for name, clustered in order]
groups.append(render.legend_group(render.legend_html(comp.legend, T("legend"))))
sel_now = st.session_state["sel"]
if sel_now.startswith("place:"):  # a clicked province shows its cities, which can be clicked in turn
    sel_code = sel_now.split(":", 1)[1]
    groups.append(render.selection_group(sel_code, get_place_outlines(sel_code, lang)))
else:
    groups.append(render.selection_group(sel_now, get_outlines(sel_now, DATA_FOLDER) if sel_now else None))

center = zoom = None
data_view = st.session_state.get("view")
if data_view:  # the view the page was opened with, until the user picks a place
    center, zoom = [data_view[0], data_view[1]], data_view[2]
elif state.place:
    unit = get_geo().unit(state.place)
    if unit is not None:
        center, zoom = [float(unit.lat), float(unit.lon)], {"province": 6, "city": 8}.get(unit.level, 9)

col_map, col_info = st.columns([7, 3]) if not present else (st.container(), None)
below = st.container()
upload_area = st.container() if not present else None

# ----------------------------------------------------------------------------- upload / paste (issue 5)
# Runs before the map is drawn (its container sits at the bottom of the page) so that accepted
# candidates appear on the map in the same run.
EDITING = os.environ.get("REGIONMAP_EDITING", "") == "1"


def run_extraction(meta: dict, bar_area) -> None:
    """Read the uploaded files and the pasted text (the same size limit and messages for both),
    turn them into new documents (``mapview.candidates.new_documents``) and extract the
    candidates of all of them with a progress bar (in ``bar_area``) that follows the extraction.
    Stores ``candidates``, ``cand_docs`` (doc id -> title, source, cleaned text) and
    ``upload_errors`` in the session."""
    from mapview.candidates import new_documents
    from pairings.extract import ExtractInputError, extract_many, read_pasted, read_upload

    sources, errors = [], []
    for f in st.session_state.get("w_upload") or []:
        try:
            sources.append((f.name, read_upload(f.getvalue(), f.name)[0]))
        except ExtractInputError as exc:
            errors.append(str(exc))
    try:
        pasted = read_pasted(st.session_state.get("w_paste") or "")
        if pasted:
            sources.append(("paste", pasted))
    except ExtractInputError as exc:
        errors.append(str(exc))
    docs = new_documents(sources, meta, DATA_FOLDER, taken=set(data.documents["doc_id"]))
    items = [(doc_id, info["text"], info["title"]) for doc_id, info in docs.items()]
    bar = bar_area.progress(0.0, text=f"0/{len(items)}") if len(items) > 1 else None

    def progress(done: int, total: int, doc_id: str) -> None:
        if bar is not None:
            bar.progress(done / total, text=f"{done}/{total} · {docs[doc_id]['source']} → {doc_id}")

    cands = extract_many(items, progress=progress, data_dir=DATA_FOLDER) if items else pd.DataFrame()
    if bar is not None:
        bar.empty()
    if len(cands):
        cands.insert(0, "accept", True)
    st.session_state["candidates"] = cands
    st.session_state["cand_docs"] = docs
    st.session_state["upload_errors"] = errors
    st.session_state.pop("write_result", None)


def write_accepted(rows: dict, texts: dict) -> None:
    """Button callback (REGIONMAP_EDITING=1 only): add the accepted rows and the new documents'
    texts to the data folder, if the checker finds no new problem (mapview.candidates)."""
    problems = write_into_csvs(rows, DATA_FOLDER, texts=texts)
    if problems:
        st.session_state["write_result"] = ("error", [p.line() if hasattr(p, "line") else str(p) for p in problems])
        return
    n = sum(len(t) for name, t in rows.items() if name != "documents")
    st.session_state["write_result"] = ("ok", [f"{n} rows and {len(texts)} text(s) written into {DATA_FOLDER}"])
    st.session_state["candidates"] = None  # they are curated rows now
    # show the new documents: their checkboxes on, the year range widened when it was the whole range
    new_years = [int(m.group()) for m in (re.match(r"\d{4}", str(d)) for d in rows["documents"]["date"]) if m]
    for doc in rows["documents"]["doc_id"]:
        st.session_state[f"w_doc_{doc}"] = True
    if new_years and tuple(st.session_state.get("w_years") or ()) == tuple(year_bounds):
        st.session_state["w_years"] = (min(year_bounds[0], *new_years), max(year_bounds[1], *new_years))
    get_data.clear()
    get_composition.clear()
    get_outlines.clear()


accepted = pd.DataFrame()
if upload_area is not None:
    with upload_area, st.expander(T("upload"), expanded=bool(st.session_state.get("candidates") is not None
                                                             or st.session_state.get("write_result"))):
        try:
            import pairings.extract  # noqa: F401
            extractor = True
        except ImportError:
            extractor = False
        if not extractor:
            st.info(T("extract_unavailable"))
        else:
            st.file_uploader(T("upload_file"), type=["txt", "csv", "md"], accept_multiple_files=True, key="w_upload")
            st.text_area(T("paste"), key="w_paste", height=120)
            meta_cols = st.columns(3)
            meta = {"title": meta_cols[0].text_input(T("doc_title"), key="w_meta_title").strip(),
                    "issuer": meta_cols[1].text_input("issuer", key="w_meta_issuer").strip(),
                    "date": meta_cols[2].text_input("date (YYYY-MM-DD)", key="w_meta_date").strip()}
            if st.button(T("extract"), key="w_extract"):
                run_extraction(meta, st.empty())
            for err in st.session_state.get("upload_errors") or []:
                st.error(err)
            result = st.session_state.get("write_result")
            if result:
                (st.success if result[0] == "ok" else st.error)("\n\n".join(result[1][:20]))
            cands = st.session_state.get("candidates")
            cand_docs = st.session_state.get("cand_docs") or {}
            if cands is not None:
                st.markdown(f"**{T('candidates')}** ({len(cands)})")
                if len(cands):
                    edited = st.data_editor(
                        cands, key="w_cand_editor", hide_index=True, width="stretch",
                        disabled=[c for c in cands.columns if c != "accept"],
                        column_config={"accept": st.column_config.CheckboxColumn(T("accept"))})
                    accepted = edited[edited["accept"]].drop(columns=["accept"])
                    if len(accepted):
                        from mapview.candidates import accepted_rows

                        if len(cand_docs) == 1 and meta["title"] and meta["title"] != next(iter(cand_docs.values()))["title"]:
                            st.info("题名在提取后改过,请重新提取 / the title changed after extraction: extract again")
                        documents = {doc: {"doc_id": doc, "title": info["title"], "issuer": meta["issuer"],
                                           "date": meta["date"]} for doc, info in cand_docs.items()}
                        rows = accepted_rows(accepted, documents, existing_ids=set(data.entities["eid"]))
                        texts = {doc: info["text"] for doc, info in cand_docs.items() if doc in set(accepted["doc"])}
                        st.download_button(T("download_accepted"), curated_zip(rows, texts), "accepted-rows.zip",
                                           "application/zip", key="w_download_accepted")
                        if EDITING:
                            st.button("写入 CSV / write into the CSVs", key="w_write", on_click=write_accepted,
                                      args=(rows, texts))
                            st.caption("写入前在副本上运行检查,只有没有新问题时才逐个原子替换文件 / the checker runs on a "
                                       "copy first; files are replaced one by one (each atomically) only if it finds "
                                       "no new problem")

if len(accepted):
    cand_json, cand_unplaced = candidate_layers(candidate_entities(accepted, set(data.entities["eid"])), data,
                                                get_geo(), lang)
    groups.insert(len(groups) - 2, render.group_from_json("candidates", cand_json))
    if len(cand_unplaced) and upload_area is not None:
        with upload_area:  # candidates whose parties have no geometry: listed, not dropped
            st.caption(T("unplaced").format(n=len(cand_unplaced)))
            st.dataframe(cand_unplaced, hide_index=True, width="stretch", key="w_cand_unplaced")

with col_map:
    start_base_layers(lang).join()
    out = st_folium(
        render.base_map(lang, state.tiles or None), key="map", height=720 if present else 640,
        use_container_width=True, returned_objects=["last_active_drawing", "last_object_clicked"],
        feature_group_to_add=groups, center=center, zoom=zoom,
    )

# a click on a feature selects it (an entity by id, a province by adcode)
clicked = (out or {}).get("last_active_drawing") or {}
props = clicked.get("properties") or {}
signature = repr(((out or {}).get("last_object_clicked"), props.get("id")))
if props.get("id") and signature != st.session_state.get("last_click"):
    st.session_state["last_click"] = signature
    new_sel = props["eid"] if props.get("eid") else f"place:{props.get('adcode')}"
    point = (out or {}).get("last_object_clicked") or {}
    if "lat" in point and "lng" in point:  # where the click was: its province and city are offered too
        st.session_state["click_at"] = (new_sel, float(point["lat"]), float(point["lng"]))
    if new_sel != st.session_state["sel"]:
        st.session_state["sel"] = new_sel
        st.rerun()

# ----------------------------------------------------------------------------- evidence panel


def select_place(code: str) -> None:
    st.session_state["sel"] = f"place:{code}"


def clicked_place_links(eid: str) -> None:
    """Zones and basins cover most provinces, so a click on the map mostly selects one of them:
    the panel then offers the province and city under the click ("click a province or city")."""
    at = st.session_state.get("click_at")
    code = get_geo().unit_at(at[2], at[1]) if at and at[0] == eid else None
    if not code:
        return
    codes = list(dict.fromkeys([code[:2] + "0000", code]))
    st.caption(f"{T('clicked_place')}: " + " · ".join(place_name(c, lang=lang) for c in codes))
    for col, c in zip(st.columns(len(codes)), codes):
        col.button(T("involving_short").format(name=place_name(c, lang=lang)), key=f"w_goto_{c}",
                   on_click=select_place, args=(c,))


def show_entity(eid: str) -> None:
    hit = data.entities[data.entities["eid"] == eid]
    if hit.empty:
        st.info(T("click_hint"))
        return
    ent = hit.iloc[0]
    type_label = ENTITY_TYPE_LABELS[ent["etype"]][0 if lang == "zh" else 1]
    st.markdown(f'<div class="mv-panel" data-eid="{html.escape(eid, quote=True)}"><h3 class="mv-panel-name">'
                f'{html.escape(ent["name"])}</h3><div>{html.escape(type_label)} · {html.escape(kind_label(ent["kind"], lang))}'
                f'</div></div>', unsafe_allow_html=True)
    clicked_place_links(eid)
    role = {"pairing": "parties", "zone": "members", "basin": "members", "platform": "host"}[ent["etype"]]
    names = parties(ent, data, lang)
    if ent["etype"] == "pairing":
        st.markdown(f"**{T('parties')}**: " + html.escape(" → ".join(names) if ent["direction"] == "a_to_b" else " — ".join(names))
                    + f" ({T('direction_' + (ent['direction'] or 'mutual'))})")
    else:
        st.markdown(f"**{T(role)}**: " + html.escape("、".join(names)))
    if ent["membership_source"]:
        st.caption(ent["membership_source"])
    cites = citations(eid, data)
    st.markdown(f"**{T('cited_by')}** ({len(cites)})")
    for _, row in cites.iterrows():
        st.markdown(citation_html(row, T("clause"), lang), unsafe_allow_html=True)
        text = clause_text(row["doc_id"], row["clause"])
        if text:
            with st.expander(f"{T('clause_text')} · {row['clause']}"):
                st.markdown(f'<div class="mv-clause-text">{highlight(text, row["quote"])}</div>', unsafe_allow_html=True)


def show_place(code: str) -> None:
    st.markdown(f'<div class="mv-panel" data-place="{html.escape(code, quote=True)}"><h3 class="mv-panel-name">'
                f'{html.escape(place_name(code, lang=lang))}</h3></div>', unsafe_allow_html=True)
    rows = involving(data, code)
    st.markdown(f"**{T('involving')}** ({len(rows)})")
    table = pd.DataFrame({
        T("name"): rows["name"], T("layers"): rows["etype"].map(lambda t: ENTITY_TYPE_LABELS[t][0 if lang == "zh" else 1]),
        T("kinds"): rows["kind"].map(lambda k: kind_label(k, lang)), "id": rows["eid"],
    })
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key=f"place_table_{code}")
    if picked and picked.selection.rows:
        st.session_state["sel"] = rows.iloc[picked.selection.rows[0]]["eid"]
        st.rerun()


if col_info is not None:
    with col_info:
        st.subheader(T("details"))
        sel = st.session_state["sel"]
        if sel.startswith("place:"):
            show_place(sel.split(":", 1)[1])
        elif sel:
            show_entity(sel)
        else:
            st.info(T("click_hint"))
        if sel and st.button(T("clear")):
            st.session_state["sel"] = ""
            st.rerun()

# ----------------------------------------------------------------------------- below the map
if not present:
    with below:
        if comp.entities.empty:
            st.warning(T("nothing"))
        st.subheader(T("counts"))
        table = counts(comp.entities, comp.mentions)
        if not table.empty:
            table.index = [ENTITY_TYPE_LABELS[t][0 if lang == "zh" else 1] for t in table.index]
            table = table.rename(columns={"total": T("total")})
            st.dataframe(table, width="stretch")
        st.subheader(T("shown"))
        shown = comp.entities.assign(documents=comp.entities["doc_ids"].map(lambda d: ";".join(d)))[
            ["eid", "etype", "kind", "name", "n_docs", "documents"]] if len(comp.entities) else pd.DataFrame()
        # the page shows translated headers and layer names; the CSV keeps the schema's column names
        headers = {"eid": "id", "etype": T("layers"), "kind": T("kinds"), "name": T("name"),
                   "n_docs": T("n_docs"), "documents": T("documents")}
        st.dataframe(shown.assign(etype=shown["etype"].map(lambda t: ENTITY_TYPE_LABELS[t][0 if lang == "zh" else 1]))
                     if len(shown) else shown, hide_index=True, width="stretch",
                     column_config={c: st.column_config.Column(label) for c, label in headers.items()})
        st.download_button(T("download"), shown.to_csv(index=False).encode("utf-8-sig"), "regional-cooperation.csv",
                           "text/csv")
        if not data.validated:
            st.caption(T("not_validated"))
        if data.report:
            with st.expander(T("left_out").format(n=len(data.report)), expanded=False):
                st.dataframe(pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column, "message": p.message,
                                            "severity": getattr(p, "severity", "")} for p in data.report]),
                             hide_index=True, width="stretch")
        if len(comp.unplaced):
            with st.expander(T("unplaced").format(n=len(comp.unplaced))):
                st.dataframe(comp.unplaced, hide_index=True, width="stretch")

# ----------------------------------------------------------------------------- widgets -> URL
# `view` is kept in the URL by the map itself (see mapview.render.VIEW_SYNC_JS), not by this script.
params = urlstate.to_params(replace(state, view=None), all_docs=all_docs, all_kinds=kinds_in_data,
                            year_bounds=year_bounds)
if params != {k: v for k, v in st.query_params.items() if k != "view"}:
    st.query_params.from_dict(params)
