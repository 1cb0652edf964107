"""The app's own words: UI labels (zh, en), entity-type labels, basis and role words.

Policy terms (``kind`` values) and their English labels stay in :mod:`pairings.glossary`; the
entity types come from :mod:`pairings.entities`. Basis words and role words come from
``pairings.glossary.basis_label`` / ``role_words``. Names of entities and documents in the page's
language (``display_name``, ``document_title``, ``document_label`` …) are at the end.

In: a key and a language (``zh`` or ``en``). Out: plain strings (not escaped).
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from pairings import entities as _entities

#: UI labels of the app (zh, en); the pages read every visible string from here.
UI_LABELS: dict[str, tuple[str, str]] = {
    "title": ("中国区域合作政策地图", "Map of China's regional-cooperation policy"),
    "subtitle": ("每一条结对、区域、流域和平台都可追溯到文件原文。",
                 "Every pairing, zone, basin and platform traces back to a sentence of a document."),
    "language": ("English", "English"),
    "documents": ("文件", "Documents"),
    "layers": ("图层", "Layers"),
    "kinds": ("类型", "Kinds"),
    "years": ("年份", "Years"),
    "place": ("地点（省、市、县）", "Place (province, city, county)"),
    "nav_map": ("地图", "Map"),
    "nav_maintenance": ("数据维护", "Data maintenance"),
    "nav_tables": ("编辑数据表", "Edit data tables"),
    "place_search": ("输入名称搜索，如 成都、Sichuan", "type a name, e.g. 成都, Sichuan"),
    "place_pick": ("选择地点", "Choose a place"),
    "place_none": ("（全部）", "(all)"),
    "basemap": ("底图", "Base map"),
    "basemap_none": ("无（离线）", "None (offline)"),
    "share": ("分享当前视图：复制浏览器地址栏中的链接。", "To share this view, copy the address in the browser bar."),
    "present_link": ("演示模式", "Presentation mode"),
    "legend": ("图例", "Legend"),
    "details": ("详情", "Details"),
    "click_hint": ("点击地图上的结对、区域、流域、平台或省份查看原文依据。",
                   "Click a pairing, zone, basin, platform or province on the map to read the evidence."),
    "parties": ("双方", "Parties"),
    "members": ("成员", "Members"),
    "host": ("所在地", "Host"),
    "cited_by": ("引用文件", "Cited by"),
    "clause": ("条款", "Clause"),
    "clause_text": ("条款原文", "Clause in the document"),
    "involving": ("涉及该地的合作", "Cooperation involving this place"),
    "clicked_place": ("点击处", "Clicked at"),
    "involving_short": ("查看涉及{name}的合作", "Cooperation involving {name}"),
    "counts": ("按图层和文件统计", "Counts by layer and document"),
    "shown": ("当前显示", "What is shown"),
    "download": ("下载 CSV", "Download CSV"),
    "left_out": ("数据检查排除了 {n} 行：", "The data check left out {n} rows:"),
    "not_validated": ("数据未经检查器校验（pairings.load 不可用）。", "Data not validated (pairings.load unavailable)."),
    "unplaced": ("{n} 项无法在地图上定位：", "{n} items could not be placed on the map:"),
    "nothing": ("当前筛选条件下没有内容。", "Nothing matches the current filters."),
    "clear": ("清除选择", "Clear selection"),
    "total": ("合计", "total"),
    "direction_a_to_b": ("支援方 → 受援方", "supporter → recipient"),
    "direction_mutual": ("互相合作", "mutual"),
    "upload": ("上传或粘贴新文件（候选，未审核）", "Upload or paste a new text (candidates, unreviewed)"),
    "upload_file": ("上传文本文件（UTF-8 或 GBK）", "Upload a text file (UTF-8 or GBK)"),
    "paste": ("或粘贴文本", "or paste text"),
    "extract": ("提取候选", "Extract candidates"),
    "candidates": ("候选（未审核）", "Candidates (unreviewed)"),
    "accept": ("采纳", "accept"),
    "download_accepted": ("下载采纳的行（整理格式）", "Download accepted rows (curated schema)"),
    "extract_unavailable": ("提取器尚不可用（pairings.extract）。", "The extractor is not available yet (pairings.extract)."),
    "doc_title": ("文件标题", "Document title"),
    "unreviewed": ("未审核候选", "unreviewed candidate"),
    "province": ("省级行政区", "province-level unit"),
    "name": ("名称", "Name"),
    "n_docs": ("引用文件数", "Documents citing it"),
    "shown_first": ("第 {first}–{last} 行，共 {total} 行；下载文件包含全部。", "Rows {first}–{last} of {total}; the downloads hold all of them."),
    "page": ("页", "Page"),
    "basis_filter": ("只看原文明示", "Only what the texts state"),
    "basis_filter_help": ("隐藏由整理者推定、原文未点名的条目", "Hide what the curators inferred and the texts do not name"),
    "basis": ("依据", "Basis"),
    "note": ("备注", "Note"),
    "legend_inferred": ("虚线、浅色：整理者推定，原文未点名", "dashed, light: inferred by the curators, not named by the text"),
    "legend_inferred_cmp": ("稀疏虚线、浅色：整理者推定，原文未点名（颜色仍表示新增、不再提及或两者都有）",
                            "sparse dashes, light: inferred by the curators, not named by the text (the colour still says "
                            "added, dropped or shared)"),
    "legend_partial": ("斜线：仅部分属于该区域的成员", "hatched: members that belong only partly to the area"),
    # --- w-maint slice (issue 14 page wiring, issue 13 item 7 URL hygiene) ---
    "data_reloaded": ("数据已更新：数据文件在磁盘上有变化，已重新载入。",
                      "Data reloaded: the data files changed on disk and were loaded again."),
    "docs_all": ("全选", "All"),
    "docs_none": ("全不选", "None"),
    "doc_only": ("仅看一份文件…", "Only one document…"),
    "doc_only_help": ("只显示这份文件", "Show only this document"),
    "map_empty": ("当前筛选条件下地图上没有内容：请放宽文件、图层、类型或年份筛选。",
                  "Nothing on the map for these filters: widen the documents, layers, kinds or years."),
    "meta_title_missing": ("请填写文件标题（只提取一份文本时必填）。", "Fill in the document title (needed for a single text)."),
    "meta_issuer_missing": ("请填写发文机关。", "Fill in the issuer."),
    "meta_date_missing": ("请填写发文日期，格式为 年-月-日（如 2024-05-01）。",
                          "Fill in the date as YYYY-MM-DD (e.g. 2024-05-01)."),
    "meta_date_bad": ("发文日期「{value}」不是有效日期：请用 年-月-日 的格式（如 2024-05-01）。",
                      "The date “{value}” is not a valid date: use YYYY-MM-DD (e.g. 2024-05-01)."),
    "input_empty": ("没有可提取的内容：请上传文件或粘贴文本，再按「提取候选」。",
                    "Nothing to extract: upload a file or paste text, then press “Extract candidates”."),
    "input_too_large": ("{name} 太大（{size}；上限 {limit}）：请上传纯文本，或分成几部分。",
                        "{name} is too large ({size}; the limit is {limit}): upload plain text, or split it into parts."),
    "input_bad_type": ("{name} 的类型不受支持：可上传 {types}。", "{name} has an unsupported type: upload {types}."),
    "input_file_empty": ("{name} 是空的：没有可读取的文字。", "{name} is empty: there is no text to read."),
    "input_unreadable": ("无法读取 {name}：{reason}", "{name} cannot be read: {reason}"),
    "input_reason_other": ("文件内容无法作为文本读取。请另存为纯文本（.txt，UTF-8）后再上传。",
                           "its content cannot be read as text. Save it as plain text (.txt, UTF-8) and upload that."),
    "pasted_text": ("粘贴的文本", "The pasted text"),
    # an upload the extractor refuses (pairings.extract.ExtractInputError ``code``; extract_error below)
    "uperr_too_large_pasted": ("{name}太大（{size}；上限 {limit}，与上传文件相同）：请分几次粘贴，或上传不超过上限的纯文本文件。",
                               "{name} is too large ({size}; the limit is {limit}, as for an uploaded file): paste a part "
                               "of the document at a time, or upload it as a plain text file under the limit."),
    "uperr_binary": ("{name} 是{what}，不是文本文件：请把文件另存为纯文本（.txt，UTF-8 或 GBK）后上传。",
                     "{name} is {what}, not a text file: save the document as plain text (.txt, UTF-8 or GBK) and upload that."),
    "uperr_nul": ("{name} 含有二进制数据（NUL 字节），不是文本：请把文件另存为纯文本（.txt，UTF-8 或 GBK）后上传。",
                  "{name} contains binary data (NUL bytes), not text: save the document as plain text (.txt, UTF-8 or GBK) "
                  "and upload that."),
    "uperr_what_zip": ("ZIP 压缩包（如 .xlsx 或 .zip 文件；Word 的 .docx 文件可以读取）",
                       "a ZIP archive (a .xlsx or .zip file; Word .docx files are read)"),
    "uperr_what_old_office": ("旧版 Word/Excel 文件（.doc/.xls）", "an old Word/Excel file (.doc/.xls)"),
    "uperr_what_png": ("PNG 图片", "a PNG image"),
    "uperr_what_jpeg": ("JPEG 图片", "a JPEG image"),
    "uperr_what_gif": ("GIF 图片", "a GIF image"),
    "uperr_what_rtf": ("RTF 文档", "an RTF document"),
    "uperr_control_chars": ("{name} 看起来不是文本（控制字符过多）：请把文件另存为纯文本（.txt，UTF-8 或 GBK）后上传。",
                            "{name} does not look like text (too many control characters): save the document as plain "
                            "text (.txt, UTF-8 or GBK) and upload that."),
    "uperr_control_chars_pasted": ("{name}看起来不是文本（控制字符过多）：请从文件中重新复制文本。",
                                   "{name} does not look like text (too many control characters): copy the text again "
                                   "from the document."),
    "uperr_bom_not_utf8": ("{name} 以 UTF-8 标记（BOM）开头，但内容不是 UTF-8：请用编辑器打开，另存为 UTF-8 后重新上传。",
                           "{name} starts with a UTF-8 mark (BOM) but its text is not UTF-8: open it in an editor, save "
                           "it as UTF-8, and upload it again."),
    "uperr_mixed_encoding": ("{name} 混用了多种文字编码：第 {good} 行是 UTF-8，第 {bad} 行不是（可能是 GBK）。"
                             "请用编辑器打开，把整个文件另存为 UTF-8 后重新上传。",
                             "{name} mixes text encodings: line(s) {good} are UTF-8 but line(s) {bad} are not (probably "
                             "GBK): open it in an editor, save the whole file as UTF-8, and upload it again."),
    "uperr_lines_more": ("{shown} 及另外 {n}", "{shown} and {n} more"),
    "uperr_unknown_encoding": ("{name} 无法按 UTF-8 或 GBK/GB18030 文本读取{guess}：请另存为 UTF-8 文本后重新上传。",
                               "{name} is not readable as UTF-8 or GBK/GB18030 text{guess}: save the document as UTF-8 "
                               "text and upload it again."),
    "uperr_guess": ("（看起来是 {encoding} 编码）", " (it looks like {encoding})"),
    "uperr_docx_damaged": ("{name} 不是可读取的 Word 文档（.docx）：文件已损坏，或不是 .docx。请用 Word 或 WPS 打开，"
                           "重新另存为 .docx（或 UTF-8 文本）后上传。",
                           "{name} is not a readable Word document (.docx): the file is damaged or not a .docx. Open it "
                           "in Word or WPS, save it again as .docx (or as UTF-8 text), and upload it again."),
    "uperr_docx_content_damaged": ("{name} 不是可读取的 Word 文档（.docx）：其内容已损坏。请用 Word 或 WPS 打开，重新保存后上传。",
                                   "{name} is not a readable Word document (.docx): its content is damaged. Open it in "
                                   "Word or WPS, save it again, and upload it again."),
    "uperr_pdf_password": ("{name} 是有密码保护的 PDF，无法读取其文字：请去掉密码（打印为 PDF，或另存一份无保护的副本）后上传，"
                           "或直接上传文本。",
                           "{name} is a password-protected PDF: its text cannot be read. Remove the password (print to "
                           "PDF, or save an unprotected copy) and upload that, or upload the text."),
    "uperr_pdf_damaged": ("{name} 不是可读取的 PDF：文件已损坏。请重新另存为 PDF 或 UTF-8 文本后上传。",
                          "{name} is not a readable PDF: the file is damaged. Save it again as PDF or as UTF-8 text and "
                          "upload that."),
    "uperr_pdf_no_text": ("{name} 是没有文字层的 PDF（{pages} 页，可能是扫描图片）：没有可读取的文字。请先做文字识别（OCR），"
                          "或上传文件的文本。",
                          "{name} is a PDF without a text layer ({pages} page(s), probably scanned images): there is no "
                          "text to read. Run OCR on it first, or upload the text of the document."),
    # the uploader's own words (Streamlit's are English and cannot be set: upload_panel.uploader_css)
    "upload_browse": ("选择文件", "Browse files"),
    "upload_drop": ("把文件拖放到这里", "Drop the files here"),
    "upload_hint": ("点击「选择文件」或把文件拖到框内；可上传 {types}，每个文件不超过 {limit}。"
                    "标红的文件超过 {hard} MB，没有上传。",
                    "Press “Browse files” or drop files into the box: {types}, at most {limit} each. A file marked "
                    "red is over {hard} MB and was not uploaded."),
    "nothing_found": ("在文本中没有找到候选（结对、区域、流域或平台）。", "No candidates (pairings, zones, basins, platforms) were found in the text."),
    "write_csv": ("写入数据文件", "Write into the data files"),
    "write_help": ("所有文件作为一次事务写入：先在副本上运行检查，只有没有新问题时才提交；中断的写入在下次启动时完成或回滚。",
                   "All files are written as one transaction: the checker runs on the new set first, and it is committed only "
                   "if there is no new problem; an interrupted write is completed or rolled back at the next start."),
    "write_ok": ("已写入 {n} 行和 {t} 份文本：{files}", "{n} rows and {t} text(s) written: {files}"),
    "write_refused": ("未写入任何内容，检查发现以下问题：", "Nothing was written; the check found these problems:"),
    "write_conflict": ("未写入任何内容：数据在此期间被他人修改过。请重新提取后再写入。",
                       "Nothing was written: someone else changed the data meanwhile. Extract again, then write."),
    "recovered": ("上次中断的保存已处理：", "An interrupted save was dealt with:"),
    "title_changed": ("标题在提取后改过，请重新提取。", "The title changed after extraction: extract again."),
    "read_only_upload": ("这是只读实例：可以把新文件读到地图上并下载采纳的行；写入数据文件需要在本地运行并设置 `REGIONMAP_EDITING=1`。",
                         "This instance is read-only: you can read a new document onto the map and download the accepted rows; "
                         "writing the data files needs a local run with `REGIONMAP_EDITING=1`."),
    "tab_add": ("添加文件", "Add a document"),
    "tab_edit": ("编辑数据表", "Edit tables"),
    "maintain_title": ("数据维护", "Maintain data"),
    # --- end of w-maint slice ---
    # --- find by name, clicks that land, English all the way (issue 13, slice w-find)
    "find": ("查找地点或合作（名称、别名、英文、拼音首字母）", "Find a place or cooperation (name, alias, English, pinyin)"),
    "find_search": ("如 四川、前海、长三角，或拼音首字母 csj", "e.g. Sichuan, Qianhai, 长三角, csj"),
    "find_nothing": ("没有找到匹配的地点或合作。", "No place or cooperation matches."),
    "here": ("点击处有", "Under the click"),
    "here_pick": ("点击处有多项内容，请选择要查看的一项：", "Several things lie under the click; choose one to open:"),
    "city": ("地级行政区", "prefecture-level unit"),
    "choose": ("请选择", "Choose"),
    "doc_issuer": ("发文机关", "Issuer"),
    "doc_date": ("日期（年-月-日）", "Date (YYYY-MM-DD)"),
    "write_csv_help": ("写入前在副本上运行检查；只有没有新问题时，所有文件才作为一个事务一起替换（要么全部写入，要么都不写）。",
                       "The checker runs on a copy first; only if it finds no new problem are all files replaced "
                       "together, as one transaction (all or nothing)."),
    # --- compare mode, timeline, at-a-glance charts (slice w-compare, mapview/compareview.py) ---
    "cmp_heading": ("对比文件", "Compare documents"),
    "cmp_extras": ("对比 · 图表 · 时间线", "Compare · charts · timeline"),
    "cmp_extra_compare": ("对比文件", "Compare documents"),
    "cmp_extra_charts": ("一览图表", "Charts"),
    "cmp_extra_timeline": ("时间线", "Timeline"),
    "cmp_on": ("对比两份文件（或两组、两个年份）", "Compare two documents (or groups, or years)"),
    "cmp_help": ("每项内容标为新增（只在 B 中）、不再提及（只在 A 中）或两者都有", "every feature is marked added (only in B), dropped (only in A) or shared"),
    "cmp_mode": ("按", "By"),
    "cmp_mode_docs": ("文件", "documents"),
    "cmp_mode_years": ("年份", "years"),
    "cmp_side_a": ("A（基准）", "A (base)"),
    "cmp_side_b": ("B（对比）", "B (compared)"),
    "cmp_choose": ("选择文件", "Choose documents"),
    "cmp_need_two": ("请为 A 和 B 各选至少一份文件，且两边不能完全相同。", "Choose at least one document for A and for B; the two sides must differ."),
    "cmp_docs_ignored": ("对比时地图显示 A 和 B 的全部内容，上方文件勾选和年份筛选暂不生效。", "While comparing, the map shows everything of A and B; the document ticks and the year filter above are set aside."),
    "cmp_caption": ("对比：{a} → {b}（{counts}）", "Comparing {a} → {b} ({counts})"),
    "cmp_document": ("文件", "Document"),
    "cmp_date": ("日期", "Date"),
    "cmp_nothing": ("当前筛选条件下没有内容。", "Nothing matches the filters."),
    "cmp_timeline": ("时间线：各文件首次提出的内容", "Timeline: what each document first introduced"),
    "cmp_timeline_hint": ("点击一行即在地图上选中该项。", "Click a row to select it on the map."),
    "cmp_glance": ("一览：图表", "At a glance: charts"),
    "chart_hint": ("点击条形即可筛选：文件 → 只看该文件；省份 → 该地点；年份 → 该年。", "Click a bar to filter: a document → only that document; a province → that place; a year → that year."),
    # --- slice w-present (issue 12: downloads, present mode, framing) ---
    "exports": ("导出当前视图", "Export this view"),
    "exports_help": ("每个文件都是当前视图（文件、图层、类型、年份、地点、依据、选中项、语言）；点击按钮时生成，图片和文档需几秒。",
                     "Every file is of the current view (documents, layers, kinds, years, place, basis, selection, "
                     "language); it is made when you press its button — pictures and documents take a few seconds."),
    "exports_slow": ("（需几秒）", "(a few seconds)"),
    "present_exit": ("退出演示", "Exit presentation"),
    "fit_results": ("适配结果", "Fit to results"),
    "copy_link": ("复制链接", "Copy link"),
    "link_copied": ("已复制", "Copied"),

}


def ui(key: str, lang: str = "zh") -> str:
    """A UI label in ``lang`` (``zh`` or ``en``); the key itself when it is not in the table."""
    pair = UI_LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def _line_list(numbers, lang: str) -> str:
    numbers = [int(n) for n in numbers or ()]
    shown = ("、" if lang != "en" else ", ").join(str(n) for n in numbers[:5])
    if len(numbers) > 5:
        return ui("uperr_lines_more", lang).format(shown=shown, n=len(numbers) - 5)
    return shown


def extract_error(error: Any, lang: str = "zh", name: str | None = None) -> str:
    """The message for a refused upload or paste in ``lang``, from its ``code`` and ``params``.

    In: a :class:`pairings.extract.ExtractInputError` (or anything with ``code`` and ``params``),
    the page's language, and the name to show (default: ``params["name"]``; the upload panel
    passes its own words for the pasted text). Out: plain text (the file name is not escaped).
    A code this table does not know gets :data:`UI_LABELS` ``input_unreadable`` with the reason
    ``input_reason_other`` — never the English message on a Chinese page.
    """
    code = getattr(error, "code", "unreadable")
    params = dict(getattr(error, "params", {}) or {})
    name = name if name is not None else str(params.get("name", ""))
    T = lambda key: ui(key, lang)  # noqa: E731
    pasted = bool(params.get("pasted"))
    if code == "too_large":
        key = "uperr_too_large_pasted" if pasted else "input_too_large"
        return T(key).format(name=name, size=_size(int(params.get("size", 0))), limit=_size(int(params.get("limit", 0))))
    if code == "empty":
        return T("input_file_empty").format(name=name)
    if code == "binary":
        what = str(params.get("what", ""))
        if what == "nul" or f"uperr_what_{what}" not in UI_LABELS:
            return T("uperr_nul").format(name=name)
        words = T(f"uperr_what_{what}")
        if lang != "en" and words[:1].isascii():  # 是 PNG 图片: a space between Chinese and Latin
            words = " " + words
        return T("uperr_binary").format(name=name, what=words)
    if code == "control_chars":
        return T("uperr_control_chars_pasted" if pasted else "uperr_control_chars").format(name=name)
    if code == "mixed_encoding":
        return T("uperr_mixed_encoding").format(name=name, good=_line_list(params.get("utf8_lines"), lang),
                                                 bad=_line_list(params.get("other_lines"), lang))
    if code == "unknown_encoding":
        guess = str(params.get("guess") or "")
        return T("uperr_unknown_encoding").format(name=name, guess=T("uperr_guess").format(encoding=guess) if guess else "")
    if code == "pdf_no_text":
        return T("uperr_pdf_no_text").format(name=name, pages=int(params.get("pages", 0)))
    if f"uperr_{code}" in UI_LABELS:
        return T(f"uperr_{code}").format(name=name)
    return T("input_unreadable").format(name=name, reason=T("input_reason_other"))


def entity_label(etype: str, lang: str = "zh") -> str:
    """The UI label of an entity type (a layer name): ``entity_label("zone", "en") == "zones"``."""
    return _entities.entity_label(etype, lang)


def basis_label(basis: str, lang: str = "zh") -> str:
    """The basis of a row in words (``inferred`` -> "由整理者推定，原文未点名…"), from the glossary."""
    from pairings.glossary import basis_label as _basis_label

    return _basis_label(basis, lang)


def role_words(kind: str, lang: str = "zh") -> tuple[str, str] | None:
    """``(a side, b side)`` words of a directed pairing kind, or None for an undirected kind (glossary)."""
    from pairings.glossary import role_words as _role_words

    out = _role_words(kind, lang)
    return tuple(out) if out else None


# --- names in the page's language ------------------------------------------------------------
# Content in the reader's language: names of entities, units and documents (pure).
# 
# In: rows of ``Dataset.entities`` / ``Dataset.documents`` (dicts, pandas rows or namedtuples) and
# ``lang`` (``zh`` or ``en``). Out: plain text (never HTML: escape it where it reaches a page).
# 
# - Zones, basins and platforms carry ``name_en`` in their CSV; pairings do not, so their English
#   name is built from the parties: each party's gazetteer ``name_en`` (an adcode) or the
#   ``name_en`` of the entity it refers to (天府新区—雄安新区), joined by `` – `` (mutual) or
#   `` → `` (``a_to_b``: supporter → recipient, upstream → downstream). ``Liaoning – Jiangsu``.
# - Documents: ``title_en`` / ``issuer_en`` when the table has them and they are filled, else the
#   Chinese text (a graceful fallback: the reader still sees the real title).
# - Whatever has no English falls back to its Chinese text, never to an id.

_CJK = re.compile(r"[\u3400-\u9fff]")

MUTUAL_SEP = " – "
DIRECTED_SEP = " → "


def _get(row: Any, key: str, default: str = "") -> str:
    """``row[key]`` for a dict / pandas Series, ``row.key`` for a namedtuple; '' for missing/NaN."""
    if row is None:
        return default
    if isinstance(row, Mapping) or hasattr(row, "keys"):
        try:
            value = row[key] if key in row.keys() else default
        except (KeyError, TypeError):
            value = default
    else:
        value = getattr(row, key, default)
    if value is None:
        return default
    try:
        import pandas as pd

        if not isinstance(value, (tuple, list)) and pd.isna(value):
            return default
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _gazetteer():
    import geo

    return geo.gazetteer()


def unit_name(adcode: str, lang: str = "zh", gaz=None, short: bool = False) -> str:
    """Name of an admin unit: its full (or ``short``) Chinese name, or its gazetteer ``name_en``;
    the code itself when the gazetteer does not know it."""
    gaz = gaz or _gazetteer()
    unit = gaz.get(str(adcode))
    if unit is None:
        return str(adcode)
    if lang == "en" and unit.name_en:
        return unit.name_en
    return unit.short_name if short and unit.short_name else unit.name


def _party_en(name: str, ref: str, gaz, entity_names: Mapping[str, str] | None) -> str:
    ref = str(ref or "").strip()
    if len(ref) == 6 and ref.isdigit():
        unit = gaz.get(ref)
        if unit is not None and unit.name_en:
            return unit.name_en
    elif ref and entity_names and entity_names.get(ref):
        return entity_names[ref]
    return name


def display_name(entity_row: Any, lang: str = "zh", gaz=None,
                 entity_names: Mapping[str, str] | None = None) -> str:
    """The name of an entity as the reader sees it.

    ``zh``: the row's ``name`` (a pairing's ``甲—乙`` / ``甲→乙``). ``en``: ``name_en`` when filled;
    for a pairing without one, ``"<a> – <b>"`` / ``"<a> → <b>"`` from the parties' English names
    (``entity_names``: ``{entity id: English name}`` for parties that are entities — build it with
    :func:`english_names`); any part without English stays Chinese.
    """
    name = _get(entity_row, "name")
    if lang != "en":
        return name or _get(entity_row, "eid")
    own = _get(entity_row, "name_en")
    if own:
        return own
    if _get(entity_row, "etype") == "pairing" or _get(entity_row, "a_ref"):
        gaz = gaz or _gazetteer()
        a = _party_en(_get(entity_row, "a_name"), _get(entity_row, "a_ref"), gaz, entity_names)
        b = _party_en(_get(entity_row, "b_name"), _get(entity_row, "b_ref"), gaz, entity_names)
        if a and b:
            sep = DIRECTED_SEP if _get(entity_row, "direction") == "a_to_b" else MUTUAL_SEP
            return f"{a}{sep}{b}"
    return name or _get(entity_row, "eid")


def english_names(entities) -> dict[str, str]:
    """``{entity id: name_en}`` for the rows of an entity table that have one."""
    if entities is None or "name_en" not in getattr(entities, "columns", ()):
        return {}
    sub = entities[entities["name_en"].fillna("").astype(str).str.strip() != ""]
    return dict(zip(sub["eid"], sub["name_en"].astype(str).str.strip()))


def display_names(entities, lang: str = "zh", gaz=None) -> dict[str, str]:
    """``{entity id: display_name(row, lang)}`` for a whole entity table (one gazetteer lookup set)."""
    if lang == "en":
        gaz = gaz or _gazetteer()
    names = english_names(entities)
    return {r["eid"]: display_name(r, lang, gaz, names) for r in entities.to_dict("records")}


def document_title(doc_row: Any, lang: str = "zh") -> str:
    """A document's title: ``title_en`` in English when filled, else ``title``."""
    if lang == "en" and _get(doc_row, "title_en"):
        return _get(doc_row, "title_en")
    return _get(doc_row, "title") or _get(doc_row, "doc_id")


def document_issuer(doc_row: Any, lang: str = "zh") -> str:
    """A document's issuer: ``issuer_en`` in English when filled, else ``issuer``."""
    if lang == "en" and _get(doc_row, "issuer_en"):
        return _get(doc_row, "issuer_en")
    return _get(doc_row, "issuer")


def _year_of(doc_row: Any) -> str:
    date = _get(doc_row, "date")
    return date[:4] if len(date) >= 4 and date[:4].isdigit() else ""


def document_label(doc_row: Any, lang: str = "zh", max_chars: int | None = None) -> str:
    """A short label for tables, charts and lists (never the id when there is a title).

    The ``short_title`` / ``short_title_en`` column when the table has one; else the title — for a
    Chinese title, its subject after the issuer's ``关于`` when it has one (``国家发展改革委关于进一步
    加强区域合作工作的指导意见`` → ``进一步加强区域合作工作的指导意见``) — cut to ``max_chars`` (16 for
    Chinese text, 48 for English) with an ellipsis, followed by the year: ``…（2018）`` / ``… (2018)``.
    """
    short = _get(doc_row, "short_title_en" if lang == "en" else "short_title")
    title = short or document_title(doc_row, lang)
    chinese = bool(_CJK.search(title))
    if not short and chinese and title.find("关于") > 0:
        title = title.split("关于", 1)[1].strip() or title
    limit = max_chars if max_chars is not None else (16 if chinese else 48)
    if len(title) > limit:
        title = title[: limit - 1].rstrip() + "…"
    year = _year_of(doc_row)
    if not year or year in title:
        return title
    return f"{title} ({year})" if lang == "en" else f"{title}（{year}）"


def document_labels(documents, lang: str = "zh") -> dict[str, str]:
    """``{doc_id: document_label(row, lang)}``; labels made unique by adding the id if two collide."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    rows = documents.to_dict("records")
    labels = [document_label(r, lang) for r in rows]
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    for r, label in zip(rows, labels):
        out[r["doc_id"]] = label if seen[label] == 1 else f"{label} [{r['doc_id']}]"
    return out


def kind_label(kind: str, lang: str = "zh") -> str:
    """A policy term (``kind``) in ``lang``: the glossary's English label, or the term itself."""
    from pairings.glossary import english

    return english(kind) if lang == "en" else kind


# --- checker and store messages in the page's language --------------------------------------
# pairings.check.Problem carries ``code`` and ``params`` beside its English ``message`` (the command
# line's text); a Chinese page words it from them. Values from the data (ids, cells, file names)
# come in through ``params``; names of columns and enum values are written as they are (they are
# what the reader types), code in backticks.

_ENCODING_ZH = {"utf-8-sig": "带 BOM 的 UTF-8（Excel 的“CSV UTF-8”）",
                "gb18030": "GBK/GB18030（中文 Windows 上 Excel 的“CSV”）"}
_SEPARATOR_ZH = {"\t": ("制表符（TAB）", "Excel 的“Unicode 文本”或“文本文件（制表符分隔）”"),
                 ";": ("分号“;”", "列表分隔符为“;”时 Excel 保存的“CSV”"),
                 ",": ("逗号", "")}
_PATTERN_HINT_ZH = {
    "date": "日期：请用 年-月-日、年-月 或 年 的格式（如 2024-05-01、2024-05、2024）",
    "doc_id": "文件编号：小写字母、数字和 _（如 ndrc2015）",
    "a_ref": "6 位行政区划代码，或以 zone-/basin-/plat- 开头的编号",
    "b_ref": "6 位行政区划代码，或以 zone-/basin-/plat- 开头的编号",
    "basin_ref": "流域编号（basin-…）",
    "host_adcode": "6 位行政区划代码",
    "member_adcodes": "以 ; 分隔的 6 位行政区划代码列表",
    "entity_id": "实体编号：pair-/zone-/basin-/plat- 加上以连字符连接的小写拼音",
    "clause": "条款标签，如 二(三)2、序言、标题 或 结尾",
    "text_file": "指向 .txt 文件的路径",
}
_EXPECT_ZH = {"party": "行政区划代码或 zone-/basin-/plat- 编号", "basin": "流域编号", "entity": "实体编号"}
_QUOTE_RULE_ZH = "：请补上引号，单元格内的引号写成 \"\"；此行未载入，前后的行照常读取"

#: ``Problem.code`` -> the Chinese message, formatted with ``Problem.params`` (and the extra values
#: :func:`problem_text` adds: ``found``, ``label``, ``suggest``, ``hint`` …)
PROBLEM_ZH: dict[str, str] = {
    "file_missing": "文件缺失：每个数据文件夹都要有 {stem}.csv（见 docs/data.md）",
    "file_is_folder": "{stem}.csv 是文件夹，不是文件：请把文件夹移走，把 CSV 文件放在这里",
    "file_too_large": "文件有 {size} MB，超过整理表格 {limit} MB 的上限；是不是放错了文件？",
    "file_permission": "无法读取文件：没有读取权限；请给当前用户读取权限（如 `chmod u+r {file}`）",
    "file_unreadable": "无法读取文件（{error}）",
    "file_encoding": "无法读取文件：它的编码{found}不是 UTF-8 或 GBK/GB18030（按这两种读取都会弄乱中文，没有读取或改写"
                     "任何内容）；请另存为 UTF-8 CSV（Excel：另存为 →“CSV UTF-8”）",
    "encoding_note": "文件的编码是 {label}；已正确读取，`--fix` 会改写为 UTF-8",
    "separator": "单元格以{what}分隔，而不是逗号（{source}）；已按{what}读取，`--fix` 会改写为逗号",
    "header_not_csv": "表头行不是有效的 CSV；请检查其中的引号",
    "file_empty": "文件是空的：至少要有表头行 {columns}",
    "column_twice": "该列在表头中出现了两次；请只保留一列（在此之前 `--fix` 不会改动这个文件）",
    "header_one_cell": "表头行只有一个单元格，其中有{what}，列名不是本文件的列：请用逗号分隔单元格（Excel：另存为 →"
                       "“CSV UTF-8”），并使用 docs/data.md 中的列名；本文件的任何行都无法载入",
    "column_missing": "表头行缺少这一列{consequence}",
    "quote_never_closed": "这个单元格的双引号开了却没有关（文件其余部分会变成一个单元格）" + _QUOTE_RULE_ZH,
    "quote_closed_early": "这个单元格的双引号在单元格结束之前就关上了" + _QUOTE_RULE_ZH,
    "empty_row": "空行（已忽略；`--fix` 会删除）",
    "too_many_cells": "此行有 {cells} 个单元格，而表头只有 {header} 个：单元格里有{what}时，要用双引号把单元格括起来",
    "cell_too_long": "单元格有 {length:,} 个字符，超过电子表格单元格能容纳的 {limit:,} 个：请缩短（或者是不是少了收尾的引号？）",
    "bidi_control": "单元格中有双向控制字符 {char}：单元格是纯文本，它会改变文字的显示顺序；请删除",
    "control_char": "单元格中有控制字符 {char}：单元格是纯文本；请删除",
    "line_break": "单元格内有换行：页面上显示为空格；请把单元格写在一行内",
    "formula": "单元格以 {start!r} 开头：电子表格会把它当作公式执行（CSV 注入）；请写成纯文本（`--fix` 会在前面加 '）",
    "dash_start": "单元格以 '-' 开头：电子表格会把它读作公式（#NAME?），保存时会丢失；请换一种开头（`--fix` 保留原样）",
    "formula_made_inert": "单元格以 ' 加 {start!r} 开头：这是 `--fix` 处理过的公式；请写出不带它的纯文本",
    "markdown_image": "单元格中有 Markdown 图片 {found!r}：单元格是纯文本，页面会按文字显示；请删除",
    "markdown_link": "单元格中有 Markdown 链接 {found!r}：单元格是纯文本，页面会按文字显示；请删除",
    "web_address": "单元格中有网址 {found!r}：单元格是纯文本，页面会按文字显示；请删除",
    "basis_bad": "{what}：请写明此行的依据：`text`（引文点名）、`plan`（官方规划，写在 membership_source 中并已核对）、"
                 "`computed`（本项目计算得出）或 `inferred`（整理者的推定；见 docs/data.md）",
    "required": "必填值为空",
    "not_a_number": "{value!r} 不是数字",
    "kind_bad": "{value!r} 不是 {stem}.csv 的类型：可用 {allowed}（要新增类型，请加到 pairings/glossary.py）",
    "enum_bad": "{value!r} 不是以下之一：{allowed}",
    "id_bad": "{value!r} 不是有效的编号：请用 {prefix}- 加上以连字符连接的小写拼音",
    "pattern_bad": "{value!r} 不是有效的{hint}",
    "out_of_range": "{value} 超出 -{limit}..{limit} 的范围",
    "cell_invalid": "{value!r} 不符合这一列的数据格式（{detail}）",
    "fullwidth_separator": "列表分隔符用了全角的 ；`--fix` 会改写为 ;",
    "spaces": "值的前后有空格；`--fix` 会去掉",
    "html_tag": "单元格中有 HTML 标签 {tag!r}：单元格是纯文本，请去掉标记",
    "date_not_real": "{value!r} 不是真实存在的日期",
    "abroad_with_host": "境外地点（{country}）的 host_adcode 应为空；境内地点的 country 应为空",
    "not_a_name_of": "{name!r} 不是 {ref} 的名称（{known}）",
    "host_required": "必填值为空：境内地点需要 host_adcode，境外地点需要 country",
    "list_lengths": "{names_col} 有 {names} 项，而 {codes_col} 有 {codes} 项：每个名称对应一个行政区划代码，顺序相同",
    "name_ambiguous": "无法根据 {names_col} 填写：{name!r} 有多个可能（{units}）；请填写 {codes_col}",
    "name_unknown": "{name!r} 不是行政区划名录中的名称；请填写 {codes_col}",
    "filled_from": "原为空值；已根据 {source} 填为 {value}（`--fix` 会写入）",
    "adcode_unknown": "未知的行政区划代码 {adcode!r}{suggest}",
    "short_name": "{name!r} 是简称：{adcode} 的全称是 {full}（`--fix` 会写入）",
    "name_mismatch": "{name!r} 与行政区划代码 {adcode}（{unit}）不符{suggest}",
    "listed_twice": "重复列出：{items}",
    "point_near": "（{lon}, {lat}）在 {host}（{adcode}）之外 {km} km，在简化边界的边缘上；请核对坐标",
    "point_outside": "（{lon}, {lat}）不在 {host}（{adcode}）内：相距 {km} km；请检查经纬度（是否填反？）和 host_adcode",
    "duplicate_id": "编号 {value!r} 重复：{file} 第 {row} 行已经用过",
    "ref_unreadable": "无法查找 {value!r}：{source}.csv 无法读取（见上文）",
    "ref_wrong_kind": "此处不能引用 {value!r}：请用{expect}",
    "ref_unknown": "未知的{expect} {value!r}{close}",
    "ref_left_out": "{value!r} 未载入（见 {file} 第 {row} 行），所以此行也未载入",
    "doc_unknown": "未知的文件 {doc!r}：请用 `python -m pairings ingest` 添加",
    "doc_left_out": "文件 {doc!r} 未载入（见 documents.csv 第 {row} 行）",
    "text_outside": "{path!r} 在仓库之外：请写相对于仓库根目录的路径，如 pairings/texts/<doc_id>.txt",
    "text_is_folder": "{path!r} 是文件夹，不是文本文件；请让 text_file 指向 .txt 文件",
    "text_permission": "无法读取 {path!r}：没有读取权限；请给当前用户读取权限（`chmod u+r`）",
    "text_encoding": "无法读取 {path!r}：它的编码{found}不是 UTF-8 或 GBK/GB18030；请另存为 UTF-8",
    "text_unreadable": "无法读取 {path!r}（{error}）；请运行 `python -m pairings ingest`",
    "text_encoding_note": "{path!r}：编码是 {label}；已正确读取，`--fix` 会改写为 UTF-8",
    "quote_two_paragraphs": "引文跨越了 {doc} 的两个段落：请只从一个段落中引用",
    "quote_not_found": "在 {doc} 中找不到这段引文{closest}",
    "quote_repeated": "引文在 {doc} 中出现了 {count} 次：请加长引文，使它唯一",
    "clause_differs": "{what}，引文在 {clause}（`--fix` 会写入）",
    "second_mention": "{entity} 在 {doc} 中的第二条引文（第一条在第 {row} 行）；每份文件只保留一条",
    "mention_left_out": "{id} 没有能载入的引文：它的引文（{file} 第 {row} 行）未载入，所以此行也未载入",
    "no_mention": "{id} 没有引文：请在 mentions.csv 中加一行点名它的引文",
    "plan_unverified": "依据是 `plan`，但 {field} 写着 {words}：没有对照规划核实的成员属于推定；请把依据改为 `inferred`，"
                       "或核实后改写 {field}",
    "source_missing": "依据是 `{basis}`：membership_source 必须写明{what}",
    "partial_not_member": "{codes} 不在 member_adcodes 中：部分属于的成员也是成员；请把它加入 member_adcodes（和 "
                          "member_names），或从这里删除",
    "direction_no_roles": "方向为 `a_to_b`，但类型 {kind!r} 没有角色词：请用 `mutual`，或在 pairings/glossary.py 的 "
                          "`ROLES` 中为该类型加上角色",
    "quote_does_not_name": "引文没有点名 {what}（查找了 {forms}）：请引用 {doc} 中点名它的段落，或在 {file} 第 "
                           "{row} 行把依据设为 `inferred`（原文未点名）",
    "no_gazetteer": "没有行政区划名录：行政区划代码未检查{error}",
    "left_out_with_file": "未载入：整个文件或其表头有问题（见该文件第 1 行的问题）",
    # pairings.store: a save refused as a whole
    "not_a_data_file": "{stem} 不是数据文件（{files}）",
    "not_editable": "无法在编辑器中保存：文件本身有问题（{error}）；请先修好文件（`python -m pairings check`）",
    "columns_lost": "编辑后的表格缺少列 {columns}：没有保存任何内容（否则会丢失这些单元格）",
    "text_path_bad": "text_file {path!r} 不是仓库内的 .txt 路径",
    "text_not_a_file": "text_file {path!r} 不是文件",
    "rows_not_added": "无法添加行（{error}）；请先修好文件（`python -m pairings check`）",
    "text_exists": "{path} 已存在且内容不同：请换一个文件编号",
    "changed_meanwhile": "你载入数据之后，磁盘上的数据已被改动{files}：有人保存过。没有写入任何内容；请重新载入数据，再改一次",
    "write_failed": "写入失败（{error}）；没有改动任何内容",
    "store_error": "{text}",
}

#: pairings.store.StoreError / Note ``code`` -> the Chinese text
STORE_ZH: dict[str, str] = {
    "busy": "这个数据文件夹的另一次保存还在进行；请稍后再试",
    "staged_incomplete": "{path}：新内容在磁盘上不完整",
    "backup_missing": "{path}：旧内容无法恢复（备份 {backup} 缺失或已改变）；日志 {journal} 已保留，请从 git 恢复该文件",
    "recovery_failed": "{folder} 中被中断的保存无法完成，也无法回滚（{error}）；日志 {journal} 已保留：请排除原因"
                       "（权限、磁盘空间）后重新开始",
    "journal_unreadable": "{journal} 无法读取（{error}）；请检查其中列出的文件，然后删除它",
    "store_error": "数据文件夹出错：{text}",
    "left_as_it_is": "{path} 在此期间被别人改过；保持原样",
    "completed": "已完成一次被中断的保存（{files}）",
    "rolled_back_after": "已回滚一次被中断的保存（{files}）：{error}",
    "rolled_back": "已回滚一次被中断的保存（{files}）；数据与保存之前相同",
    "strays_removed": "已删除被中断的写入留下的暂存文件：{files}",
}


def _units_zh(pairs) -> str:
    return "、".join(f"{code}（{name}）" for code, name in pairs or ())


def _problem_values(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` and the phrases :data:`PROBLEM_ZH` builds from them."""
    v = dict(params)
    sep = str(v.get("separator", ","))
    if code in ("file_encoding", "text_encoding"):
        v["found"] = f"（{v['encoding']}）" if v.get("encoding") else ""
    elif code in ("encoding_note", "text_encoding_note"):
        v["label"] = _ENCODING_ZH.get(str(v.get("encoding")), str(v.get("encoding", "")))
    elif code in ("separator", "header_one_cell", "too_many_cells"):
        v["what"], v["source"] = _SEPARATOR_ZH.get(sep, (sep, ""))
    elif code == "column_missing":
        v["consequence"] = "；本文件的任何行都无法载入" if v.get("required") else "；这一列的单元格按空值读取"
    elif code == "basis_bad":
        v["what"] = f"{v['value']!r} 不是有效的依据" if v.get("value") else "必填值为空"
    elif code in ("kind_bad", "enum_bad"):
        v["allowed"] = "、".join(map(str, v.get("allowed", ())))
    elif code == "pattern_bad":
        hint = _PATTERN_HINT_ZH.get(str(v.get("column")), "格式")
        v["hint"] = " " + hint if hint[:1].isascii() else hint  # 不是有效的 6 位…
    elif code == "not_a_name_of":
        v["known"] = " / ".join(map(str, v.get("known", ())))
    elif code == "name_ambiguous":
        v["units"] = _units_zh(v.get("candidates"))
    elif code in ("adcode_unknown", "name_mismatch"):
        found = v.get("suggest") or []
        v["suggest"] = ("" if not found else f"；是不是 {_units_zh(found)}？" if len(found) == 1
                        else f"；是不是以下之一：{_units_zh(found)}？")
    elif code == "listed_twice":
        v["items"] = "、".join(map(str, v.get("items", ())))
    elif code in ("ref_wrong_kind", "ref_unknown"):
        v["expect"] = _EXPECT_ZH.get(str(v.get("expect")), str(v.get("expect", "")))
        v["close"] = f"；是不是 {v['close']}？" if v.get("close") else ""
    elif code == "quote_not_found":
        v["closest"] = f"（最接近的在 {v['clause']}：{v['excerpt']!r}）" if v.get("clause") else ""
    elif code == "clause_differs":
        v["what"] = f"条款为 {v['current']!r}" if v.get("current") else "条款为空"
    elif code == "plan_unverified":
        v["words"] = "/".join(map(str, v.get("words", ())))
    elif code == "source_missing":
        v["what"] = "规划的标题" if v.get("basis") == "plan" else "成员是如何计算出来的"
    elif code == "partial_not_member":
        v["codes"] = "、".join(map(str, v.get("codes", ())))
    elif code == "quote_does_not_name":
        side = {"a": "甲方", "b": "乙方"}.get(str(v.get("side")), "")
        v["what"] = f"{v.get('id', '')} 的{side}「{v.get('name', '')}」" if side else f"{v.get('id', '')}「{v.get('name', '')}」"
        v["forms"] = " / ".join(map(str, v.get("forms", ()))) or "（无名称）"
    elif code == "no_gazetteer":
        v["error"] = f"（{v['error']}）" if v.get("error") else ""
    elif code == "not_a_data_file":
        v["files"] = "、".join(map(str, v.get("files", ())))
    elif code == "columns_lost":
        v["columns"] = "、".join(map(str, v.get("columns", ())))
    elif code == "changed_meanwhile":
        v["files"] = f"（{'、'.join(map(str, v['files']))}）" if v.get("files") else ""
    return v


def problem_text(problem: Any, lang: str = "zh") -> str:
    """The message of a checker or store problem (:class:`pairings.check.Problem`) in ``lang``:
    English is its ``message``; Chinese is :data:`PROBLEM_ZH` for its ``code``, formatted with its
    ``params``. A problem without a code (an older one) keeps its English message."""
    message = str(getattr(problem, "message", problem))
    code = getattr(problem, "code", "")
    if lang == "en" or code not in PROBLEM_ZH:
        return message
    params = getattr(problem, "params", {}) or {}
    if code == "store_error":
        return store_text(_Coded(message, str(params.get("store_code", "")), params.get("store_params") or {}), lang)
    try:
        return PROBLEM_ZH[code].format(**_problem_values(code, params))
    except (KeyError, IndexError, ValueError):  # a param missing: the English text rather than nothing
        return message


def problem_line(problem: Any, lang: str = "zh") -> str:
    """``file:row:column: message`` with the message in ``lang`` (:func:`problem_text`)."""
    if not hasattr(problem, "file"):
        return str(problem)
    return f"{problem.file}:{problem.row}:{problem.column}: {problem_text(problem, lang)}"


class _Coded(str):
    def __new__(cls, text: str, code: str, params: Mapping[str, Any]):
        out = super().__new__(cls, text)
        out.code, out.params = code, dict(params)
        return out


def store_text(item: Any, lang: str = "zh") -> str:
    """A :class:`pairings.store.StoreError` or a save's / recovery's note (``pairings.store.Note``)
    in ``lang``: English is its text; Chinese is :data:`STORE_ZH` for its ``code``."""
    text = str(item)
    code = getattr(item, "code", "")
    if lang == "en" or code not in STORE_ZH:
        return text
    try:
        return STORE_ZH[code].format(text=text, **(getattr(item, "params", {}) or {}))
    except (KeyError, IndexError, ValueError):
        return text
