"""Reading an uploaded text file: bytes -> (text, encoding), or a message that says what to do.

Part of the extractor (:mod:`pairings.extract` re-exports :func:`read_upload` and
:class:`ExtractInputError`).
"""

from __future__ import annotations

MAX_UPLOAD_BYTES = 2_000_000



class ExtractInputError(ValueError):
    """The uploaded bytes cannot be read as a text; ``str(error)`` is the message to show."""


_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (a .docx/.xlsx file is one)",
    b"\xd0\xcf\x11\xe0": "an old Word/Excel file (.doc/.xls)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
}
_CHINESE_ENCODINGS = {"gb2312": "gbk", "gbk": "gbk", "gb18030": "gb18030", "hz": "gbk", "cp936": "gbk",
                      "big5": "big5", "big5hkscs": "big5", "cp950": "big5"}


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def read_upload(data: bytes, filename: str, max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[str, str]:
    """Decode an uploaded text file.

    In: the file's bytes, its name (used in messages), the size limit. Out: ``(text, encoding)``
    with ``encoding`` one of ``utf-8``, ``utf-8-sig`` (UTF-8 with BOM), ``gbk``, ``gb18030``.
    Non-UTF-8 bytes are identified with charset-normalizer. Raises :class:`ExtractInputError`
    with a message saying what is wrong and what to do, for: empty (or whitespace-only) input,
    input over ``max_bytes``, binary files (PDF, Word, images, NUL bytes), a file that mixes
    UTF-8 lines with GBK lines, and bytes no Chinese text encoding explains.
    """
    name = filename or "the file"
    if len(data) > max_bytes:
        raise ExtractInputError(
            f"{name} is too large ({_size(len(data))}; the limit is {_size(max_bytes)}). "
            "Upload the document as plain text, or split it into parts."
        )
    if not data.strip():
        raise ExtractInputError(f"{name} is empty: there is no text to read.")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ExtractInputError(
                f"{name} is {what}, not a text file. Save the document as plain text "
                "(.txt, UTF-8 or GBK) and upload that."
            )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            good, _ = _utf8_lines(data[3:])
            raise ExtractInputError(
                _mixed_message(name, data[3:]) if good else
                f"{name} starts with a UTF-8 mark (BOM) but its text is not UTF-8. Open it in an editor, "
                "save it as UTF-8, and upload it again."
            ) from None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
    elif b"\x00" in data:
        raise ExtractInputError(
            f"{name} contains binary data (NUL bytes), not text. Save the document as plain text "
            "(.txt, UTF-8 or GBK) and upload that."
        )
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data, name)
    if _control_ratio(text) > 0.05:
        raise ExtractInputError(
            f"{name} does not look like text (too many control characters). Save the document as "
            "plain text (.txt, UTF-8 or GBK) and upload that."
        )
    if not text.strip():
        raise ExtractInputError(f"{name} is empty: there is no text to read.")
    return text, encoding


def read_pasted(text: str, max_bytes: int = MAX_UPLOAD_BYTES, name: str = "The pasted text") -> str:
    """Check a pasted text as :func:`read_upload` checks a file: the same size limit (on its
    UTF-8 size, checked before anything else is done with it) and the same kind of message.
    Returns the text stripped ("" when nothing but spaces was pasted)."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > max_bytes else len(text)
    if size > max_bytes:
        raise ExtractInputError(
            f"{name} is too large ({_size(size)}; the limit is {_size(max_bytes)}, as for an uploaded file). "
            "Paste a part of the document at a time, or upload it as a plain text file under the limit."
        )
    if _control_ratio(text) > 0.05:
        raise ExtractInputError(
            f"{name} does not look like text (too many control characters). Copy the text again from the document."
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


def _mixed_message(name: str, data: bytes) -> str:
    good, bad = _utf8_lines(data)
    return (
        f"{name} mixes text encodings: line(s) {_lines(good)} are UTF-8 but line(s) {_lines(bad)} "
        "are not (probably GBK). Open it in an editor, save the whole file as UTF-8, and upload it again."
    )


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: GBK/GB18030 as identified by charset-normalizer, else an error."""
    good, bad = _utf8_lines(data)
    if good and bad:
        raise ExtractInputError(_mixed_message(name, data))
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = (best.encoding if best is not None else "").lower().replace("_", "")
    encoding = _CHINESE_ENCODINGS.get(guess)
    try:
        # GB18030 decodes every GBK/GB2312 file exactly; Big5 (traditional, Taiwan/Hong Kong) as itself
        text = data.decode("big5" if encoding == "big5" else "gb18030")
    except UnicodeDecodeError:
        raise ExtractInputError(
            f"{name} is not readable as UTF-8 or GBK/GB18030 text"
            + (f" (it looks like {best.encoding})" if best is not None else "")
            + ". Save the document as UTF-8 text and upload it again."
        ) from None
    if encoding is None:
        # charset-normalizer is unsure on short texts; accept GB18030 when the result is Chinese
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        non_ascii = sum(1 for ch in text if ord(ch) >= 0x80)
        if non_ascii == 0 or han / non_ascii < 0.9:
            raise ExtractInputError(
                f"{name} is not readable as UTF-8 or GBK/GB18030 text"
                + (f" (it looks like {best.encoding})" if best is not None else "")
                + ". Save the document as UTF-8 text and upload it again."
            )
        encoding = "gb18030"
    if encoding in ("gbk", "gb18030"):
        try:
            data.decode("gbk")
            encoding = "gbk"  # what Excel on Chinese Windows writes; GB18030 adds characters GBK lacks
        except UnicodeDecodeError:
            encoding = "gb18030"
    return text, encoding
