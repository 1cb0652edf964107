"""The current view as one 16:9 PowerPoint slide (python-pptx).

The slide holds the title and a caption of what is shown as editable text, the map picture
(:mod:`mapview.exports.picture`, with legend, 南海诸岛 inset and source line) and, in the speaker
notes, every shown entity with its parties and the citations behind it — one line per citation:
``《document title》（date） clause: “verbatim quote”``.

In: a :class:`mapview.exports.view.View`. Out: the .pptx bytes.
"""
from __future__ import annotations

import io

from mapview.exports import picture
from mapview.exports import view as V

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
NOTE_BULLET = "• "


def citation_line(c, lang: str = "zh") -> str:
    """One citation as a line of text: document, date, clause and the quote."""
    if lang == "en":
        return f"{NOTE_BULLET}“{c.title}” ({c.date}), clause {c.clause}: “{c.quote}”"
    return f"{NOTE_BULLET}《{c.title}》（{c.date}）{c.clause}：“{c.quote}”"


def _original(e) -> str:
    """`` · <Chinese name>`` after an English name that differs from it (the quotes are Chinese)."""
    return f" · {e['name']}" if V.entity_name(e, "en") != e["name"] else ""


def notes_text(shown: V.Shown) -> str:
    """The speaker notes: the caption, then each shown entity (name, kind, parties, basis) with its
    citations (:func:`citation_line`), then the source line."""
    lang = shown.view.lang
    out = [V.caption(shown), ""]
    for _, e in shown.entities.iterrows():
        head = f"{e['name']}（{V.kind_label(e['kind'], lang)}）" if lang != "en" else \
            f"{V.entity_name(e, lang)} ({V.kind_label(e['kind'], lang)})" + _original(e)
        out.append(head)
        out.append(f"{V.parties_heading(e['etype'], lang)}: {V.parties_text(e, lang)}"
                   f" · {V.label('basis', lang)}: {V.basis_label(e['basis'], lang)}")
        out.extend(citation_line(c, lang) for c in shown.citations(e["eid"]).itertuples(index=False))
        out.append("")
    out.append(V.source_line(shown))
    return "\n".join(out)


def to_pptx(view: V.View) -> bytes:
    """A .pptx with one 16:9 slide of ``view`` (see module doc)."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    shown = V.shown(view)
    image = picture.render(view, "png", "slide_body", header=False)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    prs.core_properties.title = V.title(shown)
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    margin = Inches(0.3)

    def text_box(top, height, text, size, bold=False, colour=(0x1D, 0x1D, 0x1D), name=""):
        box = slide.shapes.add_textbox(margin, top, prs.slide_width - 2 * margin, height)
        box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        para = frame.paragraphs[0]
        run = para.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor(*colour)
        return box

    text_box(Inches(0.15), Inches(0.6), V.title(shown), 28, bold=True, name="Title")
    text_box(Inches(0.72), Inches(0.45), V.caption(shown), 12, colour=(0x44, 0x44, 0x44), name="Caption")
    w_px, h_px = picture.SIZES["slide_body"][:2]
    top = Inches(1.2)
    height = prs.slide_height - top - Inches(0.1)
    width = int(height * w_px / h_px)
    if width > prs.slide_width - 2 * margin:
        width = prs.slide_width - 2 * margin
        height = int(width * h_px / w_px)
    pic = slide.shapes.add_picture(io.BytesIO(image), int((prs.slide_width - width) / 2), top, width, height)
    pic.name = "Map"
    slide.notes_slide.notes_text_frame.text = notes_text(shown)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
