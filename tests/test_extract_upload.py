"""Reading what maintainers receive: .docx (python-docx) and .pdf (pypdf text layer), built by the
tests themselves; a scanned PDF, a password-protected PDF and a corrupt DOCX get a message naming
the file; the CLI reads them and still reads the other files."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from pairings.extract import ExtractInputError, extract, read_upload
from pairings.extract.upload import UPLOAD_TYPES, read_docx, read_pdf

REPO = Path(__file__).resolve().parent.parent
# from the 2016 东西部扶贫协作 pairing list (国务院办公厅, 《关于进一步加强东西部扶贫协作工作的指导意见》)
PARAGRAPH = "东西部扶贫协作结对关系调整为：北京市帮扶内蒙古自治区、河北省张家口市和保定市；天津市帮扶甘肃省、河北省承德市。"


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines``: a Type0 font with Identity-H encoding whose
    character ids are the Unicode code points, and a ToUnicode CMap saying so (no glyphs are
    embedded: viewers show boxes, but the text layer is exactly what a real PDF carries)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def "
            b"/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange "
            b"<0000> <FFFF> <0000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")
    content = b"BT /F1 12 Tf 72 720 Td 14 TL "
    for line in lines:
        content += b"<" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj T* "
    content += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def blank_pdf(password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_upload_types_include_word_and_pdf():
    assert {"txt", "md", "csv", "docx", "pdf"} <= set(UPLOAD_TYPES)


def test_docx_paragraphs_and_table_rows_are_read_and_extracted():
    data = make_docx(["关于东西部扶贫协作结对关系的通知", PARAGRAPH],
                     table=[["东部省市", "西部省区"], ["上海市", "云南省"], ["广东省", "广西壮族自治区"]])
    text, how = read_upload(data, "协作.docx")
    assert how == "docx"
    assert PARAGRAPH in text
    assert "上海市\t云南省" in text.splitlines()
    pairs = set(extract(text, "d")["refs"])
    assert {"110000;150000", "120000;620000"} <= pairs


def test_pdf_text_layer_is_read():
    data = make_text_pdf(["国务院办公厅", PARAGRAPH])
    text, how = read_upload(data, "notice.pdf")
    assert how == "pdf"
    assert PARAGRAPH in text.replace("\n", "")
    assert "110000;150000" in set(extract(text, "d")["refs"])


def test_scanned_pdf_without_text_names_the_file():
    with pytest.raises(ExtractInputError) as err:
        read_upload(blank_pdf(), "scan.pdf")
    assert str(err.value).startswith("scan.pdf is a PDF without a text layer (1 page(s)")
    assert "OCR" in str(err.value)


def test_password_protected_pdf_names_the_file():
    with pytest.raises(ExtractInputError) as err:
        read_upload(blank_pdf(password="s3cret"), "locked.pdf")
    assert str(err.value).startswith("locked.pdf is a password-protected PDF")


def test_damaged_pdf_names_the_file():
    data = make_text_pdf([PARAGRAPH])
    with pytest.raises(ExtractInputError) as err:
        read_pdf(data[:40] + b"garbage" * 20, "broken.pdf")
    assert "broken.pdf" in str(err.value)


@pytest.mark.parametrize("damage", ["truncated", "not-a-docx", "bad-xml"])
def test_corrupt_docx_names_the_file(damage):
    import zipfile

    data = make_docx([PARAGRAPH])
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "not-a-docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("word/readme.txt", "no document here")
        data = buffer.getvalue()
    else:
        source = zipfile.ZipFile(io.BytesIO(data))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for item in source.infolist():
                body = source.read(item.filename)
                z.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else body)
        data = buffer.getvalue()
    with pytest.raises(ExtractInputError) as err:
        read_upload(data, "plan.docx")
    assert str(err.value).startswith("plan.docx is not a readable Word document (.docx)")


def test_read_docx_alone_on_a_real_document():
    assert read_docx(make_docx(["第一段", "第二段"]), "x.docx").splitlines()[:2] == ["第一段", "第二段"]


def test_cli_reads_docx_and_pdf_and_reports_the_unreadable(tmp_path):
    (tmp_path / "a.docx").write_bytes(make_docx([PARAGRAPH]))
    (tmp_path / "b.pdf").write_bytes(make_text_pdf([PARAGRAPH]))
    (tmp_path / "scan.pdf").write_bytes(blank_pdf())
    run = subprocess.run([sys.executable, "-m", "pairings", "extract", "--no-known", *(str(tmp_path / n) for n in
                          ("a.docx", "scan.pdf", "b.pdf"))], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 1
    assert "scan.pdf is a PDF without a text layer" in run.stderr
    lines = run.stdout.splitlines()
    assert any(",a," in line and "110000;150000" in line for line in lines)
    assert any(",b," in line and "110000;150000" in line for line in lines)


def test_pdf_line_breaks_inside_names_are_removed_when_read():
    """A PDF's layout breaks lines inside names (内蒙古自|治区): the text read (and saved by the app)
    has the sentence in one line, so the pair is found and its quote is in that text."""
    data = make_text_pdf(["调整后的东西部协作结对关系如下所列，各省份按此开展协作：北京市—内蒙古自", "治区；天津市—甘肃省。"])
    text, _ = read_upload(data, "wrapped.pdf")
    assert "北京市—内蒙古自治区；" in text
    frame = extract(text, "d", use_known=False)
    row = frame[frame.refs == "110000;150000"].iloc[0]
    assert row["kind"] == "东西部协作" and row["quote"].replace("\n", "") in text
