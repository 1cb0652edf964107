"""Upload or paste a new text, extract candidates, accept some, download or write them
(Streamlit; the page is ``pages/1_数据维护.py``). The work is done by plain functions:
``pairings.extract`` (reading and extracting), ``mapview.candidates`` (new documents, accepted
rows, the zip, the checked write).

Widget keys: ``w_upload``, ``w_paste``, ``w_meta_title``, ``w_meta_issuer``, ``w_meta_date``,
``w_extract``, ``w_cand_editor``, ``w_download_accepted``, ``w_write``, ``w_cand_unplaced``.
Session state: ``candidates`` (DataFrame with ``accept``), ``cand_docs``, ``upload_errors``,
``write_result``.
"""
from __future__ import annotations

import os
import re

import pandas as pd
import streamlit as st

from mapview import resources
from mapview.candidates import accepted_rows, candidate_entities, curated_zip, write_into_csvs
from mapview.i18n import ui
from mapview.inert import md_text



def editing() -> bool:
    """REGIONMAP_EDITING=1 offers the button that writes accepted rows into the data folder."""
    return os.environ.get("REGIONMAP_EDITING", "") == "1"


def run_extraction(meta: dict, bar_area, data, folder: str) -> None:
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
    docs = new_documents(sources, meta, folder, taken=set(data.documents["doc_id"]))
    items = [(doc_id, info["text"], info["title"]) for doc_id, info in docs.items()]
    bar = bar_area.progress(0.0, text=f"0/{len(items)}") if len(items) > 1 else None

    def progress(done: int, total: int, doc_id: str) -> None:
        if bar is not None:
            bar.progress(done / total, text=f"{done}/{total} · {docs[doc_id]['source']} → {doc_id}")

    cands = extract_many(items, progress=progress, data_dir=folder) if items else pd.DataFrame()
    if bar is not None:
        bar.empty()
    if len(cands):
        cands.insert(0, "accept", True)
    st.session_state["candidates"] = cands
    st.session_state["cand_docs"] = docs
    st.session_state["upload_errors"] = errors
    st.session_state.pop("write_result", None)


def write_accepted(rows: dict, texts: dict, folder: str) -> None:
    """Button callback (REGIONMAP_EDITING=1 only): add the accepted rows and the new documents'
    texts to the data folder, if the checker finds no new problem (mapview.candidates)."""
    problems = write_into_csvs(rows, folder, texts=texts)
    if problems:
        st.session_state["write_result"] = ("error", [p.line() if hasattr(p, "line") else str(p) for p in problems])
        return
    n = sum(len(t) for name, t in rows.items() if name != "documents")
    st.session_state["write_result"] = ("ok", [f"{n} rows and {len(texts)} text(s) written into {folder}"])
    st.session_state["candidates"] = None  # they are curated rows now
    # the map page shows the new documents: their checkboxes on, the year range widened
    new_years = [int(m.group()) for m in (re.match(r"\d{4}", str(d)) for d in rows["documents"]["date"]) if m]
    for doc in rows["documents"]["doc_id"]:
        st.session_state[f"w_doc_{doc}"] = True
    bounds = st.session_state.get("w_years")
    if new_years and bounds:
        st.session_state["w_years"] = (min(bounds[0], *new_years), max(bounds[1], *new_years))
    resources.clear_data()


def draw(data, folder: str, lang: str) -> pd.DataFrame:
    """The upload panel; returns the accepted candidates (possibly empty)."""
    T = lambda key: ui(key, lang)  # noqa: E731
    accepted = pd.DataFrame()
    try:
        import pairings.extract  # noqa: F401
    except ImportError:
        st.info(T("extract_unavailable"))
        return accepted
    st.file_uploader(T("upload_file"), type=["txt", "csv", "md"], accept_multiple_files=True, key="w_upload")
    st.text_area(T("paste"), key="w_paste", height=120)
    meta_cols = st.columns(3)
    meta = {"title": meta_cols[0].text_input(T("doc_title"), key="w_meta_title").strip(),
            "issuer": meta_cols[1].text_input(T("doc_issuer"), key="w_meta_issuer").strip(),
            "date": meta_cols[2].text_input(T("doc_date"), key="w_meta_date").strip()}
    if st.button(T("extract"), key="w_extract"):
        run_extraction(meta, st.empty(), data, folder)
    for err in st.session_state.get("upload_errors") or []:
        st.error(md_text(err))
    result = st.session_state.get("write_result")
    if result:
        (st.success if result[0] == "ok" else st.error)("\n\n".join(md_text(line) for line in result[1][:20]))
    cands = st.session_state.get("candidates")
    cand_docs = st.session_state.get("cand_docs") or {}
    if cands is None:
        return accepted
    st.markdown(f"**{T('candidates')}** ({len(cands)})")
    if not len(cands):
        return accepted
    edited = st.data_editor(cands, key="w_cand_editor", hide_index=True, width="stretch",
                            disabled=[c for c in cands.columns if c != "accept"],
                            column_config={"accept": st.column_config.CheckboxColumn(T("accept"))})
    accepted = edited[edited["accept"]].drop(columns=["accept"])
    if not len(accepted):
        return accepted
    if len(cand_docs) == 1 and meta["title"] and meta["title"] != next(iter(cand_docs.values()))["title"]:
        st.info(T("title_changed"))
    documents = {doc: {"doc_id": doc, "title": info["title"], "issuer": meta["issuer"], "date": meta["date"]}
                 for doc, info in cand_docs.items()}
    rows = accepted_rows(accepted, documents, existing_ids=set(data.entities["eid"]))
    texts = {doc: info["text"] for doc, info in cand_docs.items() if doc in set(accepted["doc"])}
    st.download_button(T("download_accepted"), curated_zip(rows, texts), "accepted-rows.zip", "application/zip",
                       key="w_download_accepted")
    if editing():
        st.button(T("write_csv"), key="w_write", on_click=write_accepted, args=(rows, texts, folder))
        st.caption(T("write_csv_help"))
    return accepted


def candidates_url(accepted: pd.DataFrame, data, lang: str) -> tuple[str | None, pd.DataFrame]:
    """``(url, unplaced)``: the file of the accepted candidates in the unreviewed style (class
    ``mv-candidate``) and the candidates that could not be drawn."""
    from mapview import static
    from mapview.compose import candidate_layers

    if not len(accepted):
        return None, pd.DataFrame()
    text, unplaced = candidate_layers(candidate_entities(accepted, set(data.entities["eid"])), data,
                                      resources.get_geo(), lang)
    return static.publish("candidates", text), unplaced
