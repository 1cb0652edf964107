"""The current view as an evidence brief: a Word document (python-docx) the audience can edit.

Structure: the title, the caption of what is shown, the map picture, its source line; then every
shown entity grouped by layer (heading 1: 结对关系 / 合作区域 / 流域 / 合作平台, with the count)
and kind (heading 2), each entity (heading 3: its name) with its parties, members or host (a
directed pairing names the roles: 支援方 → 受援方), its basis (text / plan / computed / inferred;
an inferred row says that it is not stated in a text) and every citation: one paragraph naming the
document (title, issuer, date) and the clause, followed by the verbatim quote in the ``Quote``
style. "Everything involving 四川" (a view with ``place=510000``) is the flagship example.

In: a :class:`mapview.exports.view.View`. Out: the .docx bytes.
"""
from __future__ import annotations

import io

from mapview.exports import picture
from mapview.exports import view as V

QUOTE_STYLE = "Quote"
CJK_FONT = "Noto Sans CJK SC"


def _east_asian(style, font: str = CJK_FONT) -> None:
    """Set the East Asian font of a Word style (Word otherwise picks one for CJK text itself)."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def citation_head(c, lang: str = "zh") -> str:
    """The document and clause of one citation (the quote follows as its own paragraph)."""
    if lang == "en":
        return f"“{c.title}” ({c.issuer}, {c.date}), clause {c.clause}"
    return f"《{c.title}》（{c.issuer}，{c.date}），{V.label('clause', lang)} {c.clause}"


def to_docx(view: V.View) -> bytes:
    """The evidence brief of ``view`` (see module doc)."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    shown = V.shown(view)
    lang = view.lang
    doc = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", QUOTE_STYLE):
        _east_asian(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(10.5)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    doc.core_properties.title = V.title(shown)
    doc.add_heading(V.title(shown), level=0)
    doc.add_paragraph(V.caption(shown))
    image = picture.render(view, "png", "page", header=False, source=False)
    doc.add_picture(io.BytesIO(image), width=Cm(17.0))
    source = doc.add_paragraph(V.source_line(shown))
    for run in source.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    ents = shown.entities
    status = V.compare_status(shown)
    if status:
        from mapview.compare import status_label
    if ents.empty:
        doc.add_paragraph(V.label("nothing", lang))
    for etype in V.LAYER_ORDER:
        layer = ents[ents["etype"] == etype]
        if layer.empty:
            continue
        doc.add_heading(f"{V.type_label(etype, lang)}（{len(layer)}）" if lang != "en"
                        else f"{V.type_label(etype, lang).capitalize()} ({len(layer)})", level=1)
        for kind, group in layer.groupby("kind", sort=False):
            doc.add_heading(V.kind_label(kind, lang) + (f" · {kind}" if lang == "en" else ""), level=2)
            for _, e in group.iterrows():
                # in English: the English name, then the Chinese one the quotes below use
                doc.add_heading(e["name"] if lang != "en" or V.entity_name(e, lang) == e["name"]
                                else f"{V.entity_name(e, lang)} · {e['name']}", level=3)
                if e["eid"] in status:  # compare mode: what the comparison found for it
                    p = doc.add_paragraph()
                    p.add_run("对比：" if lang != "en" else "Comparison: ").bold = True
                    p.add_run(status_label(status[e["eid"]], lang))
                p = doc.add_paragraph()
                p.add_run(f"{V.parties_heading(etype, lang)}：" if lang != "en" else
                          f"{V.parties_heading(etype, lang)}: ").bold = True
                p.add_run(V.parties_text(e, lang) or "—")
                p = doc.add_paragraph()
                p.add_run(f"{V.label('basis', lang)}：" if lang != "en" else f"{V.label('basis', lang)}: ").bold = True
                run = p.add_run(V.basis_label(e["basis"], lang))
                if e["basis"] == "inferred":
                    run.font.color.rgb = RGBColor(0xB0, 0x3A, 0x00)
                if e.get("membership_source"):
                    p.add_run(f"（{e['membership_source']}）" if lang != "en" else f" ({e['membership_source']})")
                for c in shown.citations(e["eid"]).itertuples(index=False):
                    doc.add_paragraph(citation_head(c, lang), style="List Bullet")
                    doc.add_paragraph(c.quote, style=QUOTE_STYLE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
