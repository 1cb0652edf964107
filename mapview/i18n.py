"""The app's own words: UI labels (zh, en), entity-type labels, basis and role words.

Policy terms (``kind`` values) and their English labels stay in :mod:`pairings.glossary`; the
entity types come from :mod:`pairings.entities`. Basis words and role words come from
``pairings.glossary.basis_label`` / ``role_words`` when that module has them, else from the
fallback tables here (same words as issue 9).

In: a key and a language (``zh`` or ``en``). Out: plain strings (not escaped).
"""
from __future__ import annotations

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
    "legend_partial": ("斜线：仅部分属于该区域的成员", "hatched: members that belong only partly to the area"),
}


def ui(key: str, lang: str = "zh") -> str:
    """A UI label in ``lang`` (``zh`` or ``en``); the key itself when it is not in the table."""
    pair = UI_LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def entity_label(etype: str, lang: str = "zh") -> str:
    """The UI label of an entity type (a layer name): ``entity_label("zone", "en") == "zones"``."""
    return _entities.entity_label(etype, lang)


#: fallback basis words (issue 9), used when pairings.glossary has no basis_label
_BASIS_WORDS: dict[str, tuple[str, str]] = {
    "text": ("原文明示：引文点名了各方或成员", "stated in the text: the quote names the parties or members"),
    "plan": ("成员依据该区域的正式规划核对", "members checked against the area's official plan"),
    "computed": ("由本项目推算（河道、相邻关系或几何规则）", "computed by the project (river course, adjacency, a geometry rule)"),
    "inferred": ("由整理者推定，原文未点名", "inferred by the curators: the text does not name it"),
}

#: fallback role words per directed kind (a side, b side), used when pairings.glossary has no role_words
_ROLE_WORDS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "对口支援": (("支援方", "受援方"), ("supporter", "recipient")),
    "扶贫协作": (("帮扶方", "被帮扶方"), ("helping side", "helped side")),
    "东西部协作": (("帮扶方", "被帮扶方"), ("helping side", "helped side")),
    "横向生态补偿": (("上游（保护方）", "下游（受益、补偿方）"), ("upstream (protecting side)", "downstream (benefiting side, which pays)")),
}


def basis_label(basis: str, lang: str = "zh") -> str:
    """The basis of a row in words (``inferred`` -> "由整理者推定，原文未点名")."""
    try:
        from pairings.glossary import basis_label as _from_glossary  # added by issue 9
    except ImportError:
        _from_glossary = None
    if _from_glossary is not None:
        return _from_glossary(basis, lang)
    pair = _BASIS_WORDS.get(basis)
    return (pair[1] if lang == "en" else pair[0]) if pair else basis


def role_words(kind: str, lang: str = "zh") -> tuple[str, str] | None:
    """``(a side, b side)`` words of a directed pairing kind, or None for an undirected kind."""
    try:
        from pairings.glossary import role_words as _from_glossary  # added by issue 9
    except ImportError:
        _from_glossary = None
    if _from_glossary is not None:
        out = _from_glossary(kind, lang)
        return tuple(out) if out else None
    pair = _ROLE_WORDS.get(kind)
    return (pair[1] if lang == "en" else pair[0]) if pair else None
