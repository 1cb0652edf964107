"""Text from data, made inert for the place it goes to: Markdown, HTML, spreadsheets.

Every piece of text that comes from a CSV, a document or an upload and reaches the page or a file
goes through one of these functions (the one helper per destination, used everywhere):

- :func:`inert_markdown` — for ``st.markdown``, ``st.caption``, widget labels and anything else
  Streamlit renders as Markdown: every ASCII punctuation character is backslash-escaped, so no
  image, link, autolink (``http://…``, ``www.…``), emphasis, HTML, directive (``:red[…]``,
  ``:material/…:``) or formula (``$…$``) can form;
- :func:`escape_html` — for HTML we build (tooltips, popups, panels, exports);
- :func:`spreadsheet_cell` — for every cell of a file made for a spreadsheet (CSV downloads,
  exports, ``check --fix``): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with ``'`` as OWASP recommends (CSV injection), unless it is a plain number.

In: ``str`` (or anything ``str()`` accepts; None becomes ""). Out: ``str``.
"""

from __future__ import annotations

import html
import re
import string

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_WORD_JOINER = "\u2060"
#: where a literal autolink would start: inside "http(s):", "www." and after "@"
_AUTOLINK = re.compile(r"(?i)(?<=h)(?=ttps?:)|(?<=w)(?=ww\.)|(?<=@)")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _text(value) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd  # local: keep this module importable without pandas

        if value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def inert_markdown(value) -> str:
    """``value`` as Markdown source that renders as exactly that text, with nothing active.

    Backslash-escapes every ASCII punctuation character (CommonMark allows an escape before any
    of them) and turns line breaks into spaces (a line break could start a heading or a list).
    Escapes do not stop GitHub's *literal* autolinks (remark-gfm finds ``http://…``, ``www.…``
    and ``name@host.tld`` in the text after escapes are resolved), so an invisible WORD JOINER
    (U+2060) is put inside each of them: ``h\u2060ttp://``, ``w\u2060ww.``, ``@\u2060`` — the text
    reads the same and no link forms.
    """
    text = _text(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = _AUTOLINK.sub(_WORD_JOINER, text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_html(value) -> str:
    """``value`` escaped for HTML text and attribute values (``& < > " '``)."""
    return html.escape(_text(value), quote=True)


def spreadsheet_cell(value, *, keep_dash: bool = False) -> str:
    """A cell for a CSV that Excel or LibreOffice will open, with no live formula.

    A cell starting with ``= + - @``, a tab or a carriage return is prefixed with ``'`` (OWASP's
    advice for CSV injection); a plain number such as ``-12.5`` is left as it is.

    ``keep_dash=True`` is for the curated CSVs (``check --fix``), which are data first: a cell that
    starts with ``-`` is kept as written unless it could call something (it holds ``(`` as in
    ``-SUM(…)`` / ``-HYPERLINK(…)`` or ``|`` as in the DDE payload ``-2+3+cmd|' /C calc'!A0``), so
    text that legitimately starts with a dash is never changed; ``=``, ``+``, ``@``, tab and CR
    starts are neutralised either way.
    """
    text = _text(value)
    if not text.startswith(_FORMULA_START) or _PLAIN_NUMBER.match(text):
        return text
    if keep_dash and text.startswith("-") and not ("(" in text or "|" in text):
        return text
    return "'" + text
