"""Upload or paste a new text, extract candidates, accept some, download or write them
(Streamlit; the page is ``app_pages/1_数据维护.py``). The work is done by plain functions:
``pairings.extract`` (reading and extracting), ``mapview.candidates`` (new documents, accepted
rows, the zip, the metadata check) and ``pairings.store.append_rows`` (the write: one
transaction, refused as a whole when the checker finds a new problem or someone else changed
the data since the extraction).

Every message is in the page's language (``mapview.i18n`` keys ``input_*``, ``meta_*``,
``write_*``); a file over the extractor's limit, of another type, empty, or a press of 提取候选
with nothing in it gives a visible ``st.error`` / ``st.warning``.

Widget keys: ``w_upload``, ``w_paste``, ``w_meta_title``, ``w_meta_issuer``, ``w_meta_date``,
``w_extract``, ``w_cand_editor``, ``w_download_accepted``, ``w_write``, ``w_cand_unplaced``.
Session state: ``candidates`` (DataFrame with ``accept``), ``cand_docs``, ``cand_token`` (the data
fingerprint at extraction), ``upload_errors`` (``(level, text)``), ``write_result``
(``(status, lines)``, status ``ok`` / ``error``).
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from mapview import resources
from mapview.candidates import accepted_rows, candidate_entities, curated_zip, metadata_problems
from mapview.i18n import extract_error, problem_line, store_text, ui
from mapview.inert import md_text

#: the uploader takes files up to this many MB, more than the extractor reads, so that a file over
#: the extractor's limit reaches the panel and gets its message (Streamlit's own refusal is a
#: small red icon); ``.streamlit/config.toml`` ``server.maxUploadSize`` is at least this
UPLOADER_LIMIT_MB = 20


def editing() -> bool:
    """REGIONMAP_EDITING=1 offers the button that writes accepted rows into the data folder."""
    return os.environ.get("REGIONMAP_EDITING", "") == "1"


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def input_message(name: str, data: bytes | None, error=None, lang: str = "zh",
                  max_bytes: int | None = None) -> str | None:
    """The message (in ``lang``) for an input the panel cannot read, or None when it can be read.

    In: the file's ``name`` (or the pasted text's, in the page's words), its bytes (``data``; None
    to skip the checks on bytes), the extractor's refusal (``error``: a
    :class:`pairings.extract.ExtractInputError`, worded from its ``code`` and ``params`` by
    :func:`mapview.i18n.extract_error` — never its English text on a Chinese page) and the size
    limit. The size, type and emptiness are checked here first."""
    from pairings.extract.upload import MAX_UPLOAD_BYTES, UPLOAD_TYPES

    limit = max_bytes or MAX_UPLOAD_BYTES
    T = lambda key: ui(key, lang)  # noqa: E731
    if data is not None:
        if len(data) > limit:
            return T("input_too_large").format(name=name, size=_size(len(data)), limit=_size(limit))
        suffix = Path(name).suffix.lower().lstrip(".")
        if name != T("pasted_text") and suffix not in UPLOAD_TYPES:
            return T("input_bad_type").format(name=name, types=" ".join("." + t for t in UPLOAD_TYPES))
        if not data.strip():
            return T("input_file_empty").format(name=name)
    if error is None:
        return None
    return extract_error(error, lang, name=name)


def run_extraction(meta: dict, bar_area, data, folder: str, lang: str = "zh") -> None:
    """Check the metadata, read the uploaded files and the pasted text (the same size limit and
    messages for both), turn them into new documents (``mapview.candidates.new_documents``) and
    extract the candidates of all of them with a progress bar (in ``bar_area``) that follows the
    extraction. Stores ``candidates``, ``cand_docs`` (doc id -> title, source, cleaned text),
    ``cand_token`` and ``upload_errors`` in the session; nothing is extracted when the metadata
    is wrong or there is no text."""
    from mapview.candidates import new_documents
    from pairings.extract import ExtractInputError, extract_many, read_pasted, read_upload

    T = lambda key: ui(key, lang)  # noqa: E731
    st.session_state.pop("write_result", None)
    sources, errors = [], []
    for f in st.session_state.get("w_upload") or []:
        raw = f.getvalue()
        message = input_message(f.name, raw, None, lang)
        if message is None:
            try:
                sources.append((f.name, read_upload(raw, f.name)[0]))
            except ExtractInputError as exc:
                message = input_message(f.name, None, exc, lang)
        if message:
            errors.append(("error", message))
    pasted_raw = st.session_state.get("w_paste") or ""
    from pairings.extract import MAX_UPLOAD_BYTES

    size = len(pasted_raw.encode("utf-8", "surrogatepass"))
    if size > MAX_UPLOAD_BYTES:
        errors.append(("error", T("input_too_large").format(name=T("pasted_text"), size=_size(size),
                                                            limit=_size(MAX_UPLOAD_BYTES))))
        pasted_raw = ""
    try:
        pasted = read_pasted(pasted_raw)
        if pasted:
            sources.append(("paste", pasted))
    except ExtractInputError as exc:
        errors.append(("error", input_message(T("pasted_text"), None, exc, lang)))
    if not sources and not errors:
        errors.append(("warning", T("input_empty")))
    problems = metadata_problems(meta, [text for _, text in sources])
    errors += [("error", T(key).format(**kwargs)) for key, kwargs in problems]
    st.session_state["upload_errors"] = errors
    if problems or not sources:
        st.session_state["candidates"] = None
        return
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
    st.session_state["cand_token"] = resources.data_token(folder)


def write_accepted(rows: dict, texts: dict, folder: str, lang: str = "zh") -> None:
    """Button callback (REGIONMAP_EDITING=1 only): append the accepted rows and the new documents'
    texts to the data folder with ``pairings.store.append_rows`` — one transaction, refused as a
    whole when the checker finds a new problem or the data changed since the extraction. The map
    page then shows them (its data is keyed on the data's fingerprint; new kinds and documents
    are shown, ``sidebar.follow_data``)."""
    from pairings import store

    T = lambda key: ui(key, lang)  # noqa: E731
    result = store.append_rows(folder, rows, texts=texts, base_token=st.session_state.get("cand_token"))
    notes = [T("recovered"), *(store_text(n, lang) for n in result.notes)] if result.notes else []
    lines = [problem_line(p, lang) for p in result.problems]
    if result.conflict:
        st.session_state["write_result"] = ("error", [T("write_conflict"), *lines, *notes])
        return
    if not result.ok:
        st.session_state["write_result"] = ("error", [T("write_refused"), *lines, *notes])
        return
    n = sum(len(t) for name, t in rows.items() if name != "documents" and t is not None)
    st.session_state["write_result"] = ("ok", [T("write_ok").format(n=n, t=len(texts), files=", ".join(result.written)),
                                               *notes])
    st.session_state["candidates"] = None  # they are curated rows now


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (UI words only: no ``<`` that could close the style element)."""
    if "<" in text or "\n" in text:
        raise ValueError(f"not a UI word for CSS: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_css(lang: str) -> str:
    """A style element, scoped to this panel's uploader (``.st-key-w_upload``), that puts the page's
    words where Streamlit writes its own English ones: ``st.file_uploader`` has no parameter for
    its button ("Upload"), its size-and-types line ("20MB per file • TXT, …"), the text shown while
    a file is dragged over it ("Drag and drop files here") nor a refused file's message
    (streamlit/streamlit#13500 asks for them). Those are hidden, the button and the drop area get
    :data:`mapview.i18n.UI_LABELS` ``upload_browse`` / ``upload_drop`` as generated content, and
    the panel shows ``upload_hint`` as a caption. The file input and the button stay as they are,
    so choosing or dropping a file works as before."""
    zone = ".st-key-w_upload [data-testid='stFileUploaderDropzone']"
    button = f"{zone} button[data-testid='stBaseButton-secondary']"
    overlay = f"{zone} > input + div:not(:has([data-testid='stFileChips']))"
    return ("<style>"
            f"{zone} [data-testid='stFileUploaderDropzoneInstructions'],"
            f"{button} [data-testid='stMarkdownContainer'],"
            f"{overlay} > span,"
            f"{zone} [data-testid='stFileChip'] [role='alert']{{display:none}}"
            f"{button} > div::after{{content:{_css_string(ui('upload_browse', lang))};margin-left:.5rem}}"
            f"{overlay}::after{{content:{_css_string(ui('upload_drop', lang))}}}"
            "</style>")


def _show(level: str, text: str) -> None:
    from pairings.safety import inert_markdown

    getattr(st, level)(inert_markdown(text))


def draw(data, folder: str, lang: str) -> pd.DataFrame:
    """The upload panel; returns the accepted candidates (possibly empty)."""
    T = lambda key: ui(key, lang)  # noqa: E731
    accepted = pd.DataFrame()
    try:
        from pairings.extract.upload import MAX_UPLOAD_BYTES, UPLOAD_TYPES
    except ImportError:
        st.info(T("extract_unavailable"))
        return accepted
    if not editing():
        st.caption(T("read_only_upload"))
    st.html(uploader_css(lang))
    # no ``type=``: Streamlit would refuse another type itself, in English; the panel names it in
    # the page's language (input_message: input_bad_type)
    st.file_uploader(f"{T('upload_file')}（≤ {_size(MAX_UPLOAD_BYTES)}）" if lang != "en"  # inert: UI words, a size
                     else f"{T('upload_file')} (≤ {_size(MAX_UPLOAD_BYTES)})",
                     accept_multiple_files=True, key="w_upload", max_upload_size=UPLOADER_LIMIT_MB)
    types = " ".join("." + t for t in UPLOAD_TYPES)
    st.caption(T("upload_hint").format(types=types, limit=_size(MAX_UPLOAD_BYTES), hard=UPLOADER_LIMIT_MB))  # inert: constants
    st.text_area(T("paste"), key="w_paste", height=120)
    meta_cols = st.columns(3)
    meta = {"title": meta_cols[0].text_input(T("doc_title"), key="w_meta_title").strip(),
            "issuer": meta_cols[1].text_input(T("doc_issuer"), key="w_meta_issuer").strip(),
            "date": meta_cols[2].text_input(T("doc_date"), key="w_meta_date").strip()}
    if st.button(T("extract"), key="w_extract"):
        run_extraction(meta, st.empty(), data, folder, lang)
    for level, err in st.session_state.get("upload_errors") or []:
        _show(level, err)
    result = st.session_state.get("write_result")
    if result:
        _show("success" if result[0] == "ok" else "error", "\n".join(result[1][:21]))
    cands = st.session_state.get("candidates")
    cand_docs = st.session_state.get("cand_docs") or {}
    if cands is None:
        return accepted
    st.markdown(f"**{T('candidates')}** ({len(cands)})")
    if not len(cands):
        st.warning(T("nothing_found"))
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
        missing = metadata_problems(meta, [info["text"] for info in cand_docs.values()], for_writing=True)
        for key, kwargs in missing:
            st.warning(md_text(T(key).format(**kwargs)))
        st.button(T("write_csv"), key="w_write", on_click=write_accepted, args=(rows, texts, folder, lang),
                  disabled=bool(missing), help=T("write_help"))
        st.caption(T("write_help"))
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
