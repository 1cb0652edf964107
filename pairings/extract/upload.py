"""Reading an uploaded file: bytes -> (text, how it was read), or a message that says what to do.

Part of the extractor (:mod:`pairings.extract` re-exports :func:`read_upload`, :func:`read_pasted`,
:class:`ExtractInputError` and :data:`MAX_UPLOAD_BYTES`). Plain text (.txt, .md, .csv) in UTF-8,
GBK/GB18030 or Big5; Word documents (.docx, with python-docx: paragraphs, then table rows with
their cells separated by a tab); PDF files with a text layer (pypdf). A scanned PDF (no text
layer), a password-protected PDF, a corrupt DOCX each get a message naming the file.
"""

from __future__ import annotations

import io

MAX_UPLOAD_BYTES = 2_000_000
#: the file extensions the upload accepts (for the app's uploader: ``type=UPLOAD_TYPES``)
UPLOAD_TYPES = ("txt", "md", "csv", "docx", "pdf")



class ExtractInputError(ValueError):
    """The uploaded bytes cannot be read as a text.

    ``str(error)`` is the English message (the command line, logs, tests). A page words it in its
    own language from ``code`` and ``params`` (``mapview.i18n.extract_error``); this package holds
    no UI strings. Codes (see :data:`CODES`) and their params — every one has ``name``, the
    file's name as given (or the pasted text's):

    - ``too_large``: ``size``, ``limit`` (bytes), ``pasted`` (bool);
    - ``empty``; ``binary``: ``what``, one of :data:`BINARY_KINDS`;
    - ``control_chars``: ``pasted`` (bool);
    - ``bom_not_utf8``; ``mixed_encoding``: ``utf8_lines``, ``other_lines`` (1-based line numbers);
    - ``unknown_encoding``: ``guess`` (charset-normalizer's guess, "" when it has none);
    - ``docx_damaged``, ``docx_content_damaged``, ``pdf_damaged``: ``error`` (the exception's type name);
    - ``pdf_password``; ``pdf_no_text``: ``pages``.
    """

    def __init__(self, message: str, code: str = "unreadable", **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    def __reduce__(self):  # pickled (a worker process) with its code and params
        return (_refusal, (str(self), self.code, self.params))


def _refusal(message: str, code: str, params: dict) -> ExtractInputError:
    return ExtractInputError(message, code, **params)


#: the ``code`` values of :class:`ExtractInputError` (``unreadable``: any other refusal)
CODES = ("too_large", "empty", "binary", "control_chars", "bom_not_utf8", "mixed_encoding", "unknown_encoding",
         "docx_damaged", "docx_content_damaged", "pdf_damaged", "pdf_password", "pdf_no_text", "unreadable")

_BINARY_MAGIC = {
    b"PK\x03\x04": "zip",
    b"\xd0\xcf\x11\xe0": "old_office",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"{\\rtf": "rtf",
}
#: what a binary file is (``params["what"]`` of a ``binary`` refusal), in the English message
BINARY_KINDS = {
    "zip": "a ZIP archive (a .xlsx or .zip file; Word .docx files are read)",
    "old_office": "an old Word/Excel file (.doc/.xls)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "rtf": "an RTF document",
}
_CHINESE_ENCODINGS = {"gb2312": "gbk", "gbk": "gbk", "gb18030": "gb18030", "hz": "gbk", "cp936": "gbk",
                      "big5": "big5", "big5hkscs": "big5", "cp950": "big5"}


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def read_upload(data: bytes, filename: str, max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[str, str]:
    """Decode an uploaded text file.

    In: the file's bytes, its name (used in messages), the size limit. Out: ``(text, encoding)``
    with ``encoding`` one of ``utf-8``, ``utf-8-sig`` (UTF-8 with BOM), ``gbk``, ``gb18030``,
    ``big5``, ``utf-16``, or ``docx`` / ``pdf`` for a Word document or a PDF (read by their
    content, whatever the file is called: :func:`read_docx`, :func:`read_pdf`).
    Non-UTF-8 bytes are identified with charset-normalizer. Raises :class:`ExtractInputError`
    with a message saying what is wrong and what to do, for: empty (or whitespace-only) input,
    input over ``max_bytes``, binary files (old Word, spreadsheets, images, NUL bytes), a PDF
    without a text layer or with a password, a corrupt DOCX, a file that mixes
    UTF-8 lines with GBK lines, and bytes no Chinese text encoding explains.
    """
    name = filename or "the file"
    if len(data) > max_bytes:
        raise ExtractInputError(
            f"{name} is too large ({_size(len(data))}; the limit is {_size(max_bytes)}). "
            "Upload the document as plain text, or split it into parts.",
            "too_large", name=name, size=len(data), limit=max_bytes, pasted=False,
        )
    if not data.strip():
        raise _empty(name)
    if data.startswith(b"%PDF"):
        return _checked(read_pdf(data, name), name), "pdf"
    if data.startswith(b"PK\x03\x04") and (name.lower().endswith(".docx") or b"word/" in data[:4096]):
        return _checked(read_docx(data, name), name), "docx"
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ExtractInputError(
                f"{name} is {BINARY_KINDS[what]}, not a text file. Save the document as plain text "
                "(.txt, UTF-8 or GBK) and upload that.",
                "binary", name=name, what=what,
            )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            good, _ = _utf8_lines(data[3:])
            if good:
                raise _mixed(name, data[3:]) from None
            raise ExtractInputError(
                f"{name} starts with a UTF-8 mark (BOM) but its text is not UTF-8. Open it in an editor, "
                "save it as UTF-8, and upload it again.",
                "bom_not_utf8", name=name,
            ) from None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
    elif b"\x00" in data:
        raise ExtractInputError(
            f"{name} contains binary data (NUL bytes), not text. Save the document as plain text "
            "(.txt, UTF-8 or GBK) and upload that.",
            "binary", name=name, what="nul",
        )
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data, name)
    if _control_ratio(text) > 0.05:
        raise ExtractInputError(
            f"{name} does not look like text (too many control characters). Save the document as "
            "plain text (.txt, UTF-8 or GBK) and upload that.",
            "control_chars", name=name, pasted=False,
        )
    if not text.strip():
        raise _empty(name)
    return text, encoding


def read_pasted(text: str, max_bytes: int = MAX_UPLOAD_BYTES, name: str = "The pasted text") -> str:
    """Check a pasted text as :func:`read_upload` checks a file: the same size limit (on its
    UTF-8 size, checked before anything else is done with it) and the same kind of message.
    Returns the text stripped ("" when nothing but spaces was pasted)."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > max_bytes else len(text)
    if size > max_bytes:
        raise ExtractInputError(
            f"{name} is too large ({_size(size)}; the limit is {_size(max_bytes)}, as for an uploaded file). "
            "Paste a part of the document at a time, or upload it as a plain text file under the limit.",
            "too_large", name=name, size=size, limit=max_bytes, pasted=True,
        )
    if _control_ratio(text) > 0.05:
        raise ExtractInputError(
            f"{name} does not look like text (too many control characters). Copy the text again from the document.",
            "control_chars", name=name, pasted=True,
        )
    return text.strip()


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bad / max(len(text), 1)


def _utf8_lines(data: bytes) -> tuple[list[int], list[int]]:
    """Line numbers (1-based) of non-ASCII lines that are / are not valid UTF-8."""
    good, bad = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
            good.append(number)
        except UnicodeDecodeError:
            bad.append(number)
    return good, bad


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    return shown + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _mixed(name: str, data: bytes) -> ExtractInputError:
    good, bad = _utf8_lines(data)
    return ExtractInputError(
        f"{name} mixes text encodings: line(s) {_lines(good)} are UTF-8 but line(s) {_lines(bad)} "
        "are not (probably GBK). Open it in an editor, save the whole file as UTF-8, and upload it again.",
        "mixed_encoding", name=name, utf8_lines=good, other_lines=bad,
    )


def _empty(name: str) -> ExtractInputError:
    return ExtractInputError(f"{name} is empty: there is no text to read.", "empty", name=name)


def _unknown_encoding(name: str, best) -> ExtractInputError:
    return ExtractInputError(
        f"{name} is not readable as UTF-8 or GBK/GB18030 text"
        + (f" (it looks like {best.encoding})" if best is not None else "")
        + ". Save the document as UTF-8 text and upload it again.",
        "unknown_encoding", name=name, guess=best.encoding if best is not None else "",
    )


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: GBK/GB18030 as identified by charset-normalizer, else an error."""
    good, bad = _utf8_lines(data)
    if good and bad:
        raise _mixed(name, data)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = (best.encoding if best is not None else "").lower().replace("_", "")
    encoding = _CHINESE_ENCODINGS.get(guess)
    try:
        # GB18030 decodes every GBK/GB2312 file exactly; Big5 (traditional, Taiwan/Hong Kong) as itself
        text = data.decode("big5" if encoding == "big5" else "gb18030")
    except UnicodeDecodeError:
        raise _unknown_encoding(name, best) from None
    if encoding is None:
        # charset-normalizer is unsure on short texts; accept GB18030 when the result is Chinese
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        non_ascii = sum(1 for ch in text if ord(ch) >= 0x80)
        if non_ascii == 0 or han / non_ascii < 0.9:
            raise _unknown_encoding(name, best)
        encoding = "gb18030"
    if encoding in ("gbk", "gb18030"):
        try:
            data.decode("gbk")
            encoding = "gbk"  # what Excel on Chinese Windows writes; GB18030 adds characters GBK lacks
        except UnicodeDecodeError:
            encoding = "gb18030"
    return text, encoding


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise _empty(name)
    return text


def read_docx(data: bytes, name: str = "the file") -> str:
    """The text of a Word .docx file: its paragraphs in order, then each table row as one line
    (cells separated by a tab, as a flattened table: ``北京市\t内蒙古自治区``). In: the file's
    bytes and name (for messages). Raises :class:`ExtractInputError` when the bytes are not a
    readable .docx (corrupt, truncated, another ZIP)."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractInputError(
            f"{name} is not a readable Word document (.docx): the file is damaged or not a .docx "
            f"({type(exc).__name__}). Open it in Word or WPS, save it again as .docx (or as UTF-8 text), "
            "and upload it again.",
            "docx_damaged", name=name, error=type(exc).__name__,
        ) from None
    except Exception as exc:  # lxml errors on a damaged document.xml
        raise ExtractInputError(
            f"{name} is not a readable Word document (.docx): its content is damaged ({type(exc).__name__}). "
            "Open it in Word or WPS, save it again, and upload it again.",
            "docx_content_damaged", name=name, error=type(exc).__name__,
        ) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                text = cell.text.strip()
                if not cells or cells[-1] != text:  # a merged cell repeats itself
                    cells.append(text)
            lines.append("\t".join(cells))
    return "\n".join(lines)


def read_pdf(data: bytes, name: str = "the file") -> str:
    """The text layer of a PDF file, page by page (pypdf), with the layout's line breaks inside
    sentences removed (:func:`pairings.extract.pipeline.unwrap`). In: the file's bytes and name. Raises
    :class:`ExtractInputError` for a password-protected PDF (one that opens with an empty
    password is read), a damaged PDF, and a PDF with no text layer (a scan: it needs OCR first)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise ExtractInputError(
                    f"{name} is a password-protected PDF: its text cannot be read. Remove the password "
                    "(print to PDF, or save an unprotected copy) and upload that, or upload the text.",
                    "pdf_password", name=name,
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractInputError(
            f"{name} is not a readable PDF: the file is damaged ({type(exc).__name__}). "
            "Save it again as PDF or as UTF-8 text and upload that.",
            "pdf_damaged", name=name, error=type(exc).__name__,
        ) from None
    # the line breaks of the page layout go (names and sentences are broken across lines), so the
    # text a maintainer saves holds every quote the extractor takes from it
    from pairings.extract.pipeline import unwrap

    lines = [line.strip() for page in pages for line in page.splitlines()]
    text = "\n".join(unwrap([line for line in lines if line]))
    if not text.strip():
        raise ExtractInputError(
            f"{name} is a PDF without a text layer ({len(pages)} page(s), probably scanned images): "
            "there is no text to read. Run OCR on it first, or upload the text of the document.",
            "pdf_no_text", name=name, pages=len(pages),
        )
    return text
