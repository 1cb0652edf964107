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


# --------------------------------------------------------------------------- the page's words for a refusal

def _refusals() -> dict[str, tuple[bytes, str]]:
    """One input per refusal: ``{case: (bytes, file name)}``."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/readme.txt", "no document here")
    damaged = zipfile.ZipFile(io.BytesIO(make_docx([PARAGRAPH])))
    bad_xml = io.BytesIO()
    with zipfile.ZipFile(bad_xml, "w") as z:
        for item in damaged.infolist():
            z.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml"
                       else damaged.read(item.filename))
    return {
        "empty": (b" \n ", "空白.txt"),
        "too_large": (b"x" * 2_000_001, "大文件.txt"),
        "zip": (b"PK\x03\x04" + b"\0" * 20, "表格.txt"),
        "old_office": (b"\xd0\xcf\x11\xe0" + b"\0" * 20, "旧文件.txt"),
        "png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "图片.txt"),
        "jpeg": (b"\xff\xd8\xff\xe0" + b"\0" * 20, "照片.txt"),
        "gif": (b"GIF89a" + b"\0" * 20, "动图.txt"),
        "rtf": (b"{\\rtf1 abc}", "文档.txt"),
        "nul": (b"abc\x00\x00def", "数据.txt"),
        "control_chars": (bytes([1, 2, 3, 4, 5, 6]) * 20 + "区域合作".encode(), "控制.txt"),
        "bom_not_utf8": (b"\xef\xbb\xbf" + "辽宁省与江苏省".encode("gbk"), "标记.txt"),
        "mixed_encoding": ("".join(f"第{i}行是UTF-8。\n" for i in range(7)).encode("utf-8") + "第二行是GBK。\n".encode("gbk"),
                           "混合.txt"),
        "unknown_encoding": (bytes(range(0x80, 0x100)) * 8, "乱码.txt"),
        "docx_damaged": (buffer.getvalue(), "损坏.docx"),
        "docx_content_damaged": (bad_xml.getvalue(), "内容.docx"),
        "pdf_password": (blank_pdf(password="s3cret"), "加密.pdf"),
        "pdf_damaged": (make_text_pdf([PARAGRAPH])[:40] + b"garbage" * 20, "坏.pdf"),
        "pdf_no_text": (blank_pdf(), "扫描.pdf"),
    }


ENGLISH = __import__("re").compile(r"\b(?!(?:UTF|GBK|GB18030|PDF|PNG|JPEG|GIF|RTF|ZIP|Word|Excel|WPS|OCR|BOM|NUL|"
                                   r"docx?|xlsx?|txt|zip)\b)[A-Za-z]{3,}\b")


@pytest.mark.parametrize("case", list(_refusals()))
def test_every_refusal_has_a_code_and_is_worded_in_both_languages(case):
    """Each refusal carries a stable ``code`` and its ``params`` (``str(error)`` stays English); the
    page words it from them (``mapview.i18n.extract_error``): the Chinese message names the file
    and has no English word (names of formats aside), the English one no Chinese but the name."""
    import re

    from mapview.i18n import extract_error
    from pairings.extract.upload import BINARY_KINDS, CODES

    data, name = _refusals()[case]
    with pytest.raises(ExtractInputError) as err:
        read_upload(data, name)
    error = err.value
    code = "binary" if case in (*BINARY_KINDS, "nul") else case
    assert error.code == code and error.code in CODES, (error.code, str(error))
    assert error.params["name"] == name
    if code == "binary":
        assert error.params["what"] == case
    assert not re.search(r"[\u4e00-\u9fff]", str(error).replace(name, "")), str(error)  # the CLI's English
    zh, en = extract_error(error, "zh"), extract_error(error, "en")
    assert zh.startswith(name) and en.startswith(name), (zh, en)
    assert not ENGLISH.search(zh.replace(name, "")), zh
    assert not re.search(r"[\u4e00-\u9fff]", en.replace(name, "")), en
    assert zh != extract_error(ExtractInputError("x"), "zh")  # not the catch-all
    if code == "mixed_encoding":  # the line numbers, at most five, then how many more
        assert "第 1、2、3、4、5 及另外 2 行是 UTF-8，第 8 行不是" in zh, zh
        assert "line(s) 1, 2, 3, 4, 5 and 2 more are UTF-8" in en, en


def test_a_pasted_text_is_named_by_the_page():
    from mapview.i18n import extract_error
    from pairings.extract import read_pasted

    with pytest.raises(ExtractInputError) as err:
        read_pasted("区域合作。" * 200_000)
    assert err.value.code == "too_large" and err.value.params["pasted"] is True
    assert extract_error(err.value, "zh", name="粘贴的文本") == \
        "粘贴的文本太大（3.0 MB；上限 2.0 MB，与上传文件相同）：请分几次粘贴，或上传不超过上限的纯文本文件。"
    with pytest.raises(ExtractInputError) as err:
        read_pasted("\x01\x02\x03" * 10)
    assert err.value.code == "control_chars"
    assert extract_error(err.value, "zh", name="粘贴的文本") == "粘贴的文本看起来不是文本（控制字符过多）：请从文件中重新复制文本。"
    # a refusal this table does not know: a general message, never its English text
    assert extract_error(ExtractInputError("something new went wrong", "new_code"), "zh", name="a.txt") == \
        "无法读取 a.txt：文件内容无法作为文本读取。请另存为纯文本（.txt，UTF-8）后再上传。"
