"""Text from data into the page: the wrappers the page code uses, one per destination.

Every string that comes from the data (titles, issuers, names, ``membership_source``, notes,
party names, quotes, clause labels, document texts, checker messages that quote a cell) and reaches
Streamlit goes through one of these (``tests/test_inert.py`` reads the page code and fails on a
``st.markdown``/``st.caption``/label/alert call whose non-literal text is not wrapped):

- :func:`md_text` — Markdown destinations: ``st.markdown``/``st.caption``/``st.title``…,
  widget labels and ``help=``, ``st.expander`` labels, ``st.info/warning/error/success/toast``.
  The text shows as written; no image, link, autolink (a bare ``http://…`` stays text),
  emphasis, HTML, ``:red[…]`` directive or ``$…$`` formula can form
  (:func:`pairings.safety.inert_markdown`).
- :func:`html_text` — text inside HTML we build for ``st.markdown(…, unsafe_allow_html=True)``:
  :func:`pairings.safety.escape_html`, and line breaks written as ``&#10;``. (Streamlit parses that
  HTML as Markdown first: a blank line in the text would end the HTML block and the rest would be
  Markdown again.)

Table cells (``st.dataframe``/``st.data_editor``) are drawn as text on a canvas and need no
wrapper; files for spreadsheets use :func:`pairings.safety.spreadsheet_cell` (the exports do).
In: anything ``str()`` accepts (None/NA become ""). Out: ``str``.
"""
from __future__ import annotations

from pairings.safety import escape_html, inert_markdown


def md_text(value) -> str:
    """``value`` as Markdown that renders as exactly that text (see module doc)."""
    return inert_markdown(value)


def md_join(sep: str, values) -> str:
    """The values joined by ``sep`` (UI text, kept as it is), each made inert with :func:`md_text`."""
    return sep.join(md_text(v) for v in values)


def html_text(value) -> str:
    """``value`` escaped for HTML text or an attribute inside ``st.markdown(…, unsafe_allow_html=True)``,
    line breaks as ``&#10;`` (they stay line breaks where CSS keeps white space)."""
    text = escape_html(value)
    return text.replace("\r\n", "&#10;").replace("\r", "&#10;").replace("\n", "&#10;")
