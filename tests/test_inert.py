"""Text from data stays inert in the page: the page code (``app.py``, ``app_pages/*.py``,
``mapview/*.py``) passes to Streamlit's Markdown destinations (``st.markdown``, ``st.caption``,
titles, alerts, widget labels and ``help=``) only literals, UI text (``ui``/``T``/``_t``), numbers
and text wrapped by ``mapview.inert`` (``md_text``/``md_join``; ``html_text`` or an escaped-HTML
builder inside ``unsafe_allow_html=True``). A reviewed exception carries ``# inert: <why>`` on
its line. Plus the wrappers' own behaviour on hostile text."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mapview.inert import html_text, md_join, md_text

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "mapview").glob("*.py"))]

#: Streamlit calls whose first argument (and ``help=``/``label=``/``body=``) is rendered as Markdown
MD_CALLS = {"markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "toast",
            "expander", "checkbox", "toggle", "button", "download_button", "radio", "selectbox", "multiselect",
            "text_input", "text_area", "number_input", "slider", "select_slider", "file_uploader", "popover",
            "link_button", "page_link", "metric", "color_picker", "date_input", "segmented_control", "pills"}
#: calls whose result is UI text or inert Markdown
MD_SAFE = {"ui", "T", "_t", "md_text", "md_join", "inert_markdown", "len", "entity_label", "kind_label",
           "basis_label", "table_label", "int", "label", "min", "max"}
#: calls whose result is escaped HTML (allowed inside unsafe_allow_html=True)
HTML_SAFE = {"html_text", "escape_html", "highlight"}
STREAMLIT_RECEIVERS = {"st", "side", "sidebar", "col", "container", "box", "slot", "place", "tab", "c", "cols"}


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _safe(node: ast.AST, html: bool) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(_safe(v.value if isinstance(v, ast.FormattedValue) else v, html) for v in node.values)
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, (ast.Add, ast.Mod)):  # arithmetic: a number
            return True
        return _safe(node.left, html) and _safe(node.right, html)
    if isinstance(node, ast.IfExp):
        return _safe(node.body, html) and _safe(node.orelse, html)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name == "format" and isinstance(node.func, ast.Attribute):
            return _safe(node.func.value, html) and all(_safe(a, html) for a in node.args) and \
                all(_safe(k.value, html) for k in node.keywords)
        if name == "join" and isinstance(node.func, ast.Attribute):  # "sep".join(<inert parts>)
            parts = node.args[0] if node.args else None
            if isinstance(parts, (ast.GeneratorExp, ast.ListComp)):
                return _safe(node.func.value, html) and _safe(parts.elt, html)
            if isinstance(parts, (ast.List, ast.Tuple)):
                return all(_safe(e, html) for e in parts.elts)
            return False
        if name in ("min", "max"):
            return all(_safe(a, html) for a in node.args)
        return name in MD_SAFE or (html and (name in HTML_SAFE or name.endswith("_html")))
    return False


def _streamlit_call(node: ast.Call) -> bool:
    f = node.func
    if not isinstance(f, ast.Attribute) or f.attr not in MD_CALLS:
        return False
    base = f.value
    while isinstance(base, (ast.Attribute, ast.Subscript, ast.Call)):
        base = base.value if not isinstance(base, ast.Call) else base.func
    return isinstance(base, ast.Name) and (base.id in STREAMLIT_RECEIVERS or base.id.startswith(("col", "st")))


def unwrapped_calls(path: Path) -> list[str]:
    """``file:line: call`` for each Markdown-destination call in ``path`` whose text is not
    provably inert (see module doc)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not _streamlit_call(node):
            continue
        if any("# inert:" in lines[i - 1] for i in range(node.lineno, (node.end_lineno or node.lineno) + 1)):
            continue
        html = any(k.arg == "unsafe_allow_html" and isinstance(k.value, ast.Constant) and k.value.value
                   for k in node.keywords)
        texts = node.args[:1] + [k.value for k in node.keywords if k.arg in ("help", "label", "body")]
        for t in texts:
            if not _safe(t, html):
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:120]}")
    return out


def test_page_code_wraps_text_from_data():
    bad = [line for path in PAGE_FILES for line in unwrapped_calls(path)]
    assert not bad, "text from data must go through mapview.inert (md_text / html_text):\n" + "\n".join(bad)


def test_the_checker_of_this_test_catches_unwrapped_text(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\n"
        "st.caption(ent['membership_source'])\n"
        "st.markdown(f\"**{ui('parties', lang)}**: \" + html.escape(name))\n"
        "st.sidebar.checkbox(f'{rec.title}', key='k', help=f'{rec.issuer}')\n"
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"
        "st.caption(md_text(ent['membership_source']))\n"
        "st.markdown(f'<b>{html_text(name)}</b>', unsafe_allow_html=True)\n"
        "st.caption(ui('unplaced', lang).format(n=len(rows)))\n", encoding="utf-8")
    global ROOT
    old, ROOT = ROOT, tmp_path
    try:
        bad = unwrapped_calls(sample)
    finally:
        ROOT = old
    assert [b.split(":")[1] for b in bad] == ["2", "3", "4", "4", "5"]


def test_html_builders_use_html_text():
    """The modules that build HTML for st.markdown escape with html_text (line breaks included)."""
    for rel in ("mapview/panel.py", "mapview/evidence.py"):
        assert "html.escape(" not in (ROOT / rel).read_text(encoding="utf-8"), rel


HOSTILE = ["![px](http://127.0.0.1:8799/x.png)", "[click](javascript:alert(1))", "http://evil.example/a",
           "www.evil.example", "<img src=x onerror=alert(1)>", ":red[x] :material/home:", "$x^2$", "**b** _i_",
           "# head\n\n- list", "=HYPERLINK(\"http://x\",\"y\")"]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_text_leaves_no_markdown_construct(value):
    out = md_text(value)
    assert "\n" not in out
    # every ASCII punctuation character is escaped: nothing can open a construct
    assert not re.search(r"(?<!\\)[!\[\]()<>:*_$#=/.]", out.replace("\\\\", ""))


def test_md_join_escapes_parts_not_separator():
    assert md_join(" → ", ["a*", "b"]) == "a\\* → b"


def test_html_text_keeps_one_html_block():
    out = html_text("a\n\n![x](http://h/x.png)\r\n<b>")
    assert "\n" not in out and "\r" not in out and "<b>" not in out and out.count("&#10;") == 3


@pytest.mark.parametrize("value", ["http://127.0.0.1:8799/x", "HTTPS://evil.example", "www.evil.example",
                                   "mail me: a.b@evil.example", "名称 http://x.cn/ 名称"])
def test_md_text_breaks_literal_autolinks(value):
    """remark-gfm autolinks http://, www. and e-mail addresses after escapes are resolved: the
    helper puts a word joiner inside each, and the text still reads the same."""
    out = md_text(value)
    plain = re.sub(r"\\(.)", r"\1", out)
    assert plain.replace("\u2060", "") == value
    assert not re.search(r"(?i)https?:|www\.|@[\w-]", plain)
