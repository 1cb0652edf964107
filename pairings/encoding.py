"""Reading files in the encodings maintainers' tools write, and writing CSVs back canonically.

Excel on Chinese Windows saves CSV as GBK/GB18030 ("CSV") or UTF-8 with a BOM ("CSV UTF-8");
text editors save plain UTF-8. :func:`decode` accepts these three and says which it found; any
other encoding (Big5, UTF-16 "Unicode Text", Shift-JIS …) is refused with a :class:`DecodeError`
naming it, because reading it as GBK would garble every Chinese character.
:func:`write_csv` always writes UTF-8 without BOM, ``\\n`` line ends, minimal quoting.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

UTF8, UTF8_BOM, GB18030 = "utf-8", "utf-8-sig", "gb18030"
BOM = b"\xef\xbb\xbf"
#: charset-normalizer names of the GB family; GB18030 decodes every GB2312/GBK file exactly
GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz"}
#: what a refused encoding is usually called by the people who produce it
ENCODING_LABELS = {
    "big5": "Big5 (Traditional Chinese Windows/macOS)", "big5hkscs": "Big5-HKSCS (Traditional Chinese, Hong Kong)",
    "cp950": "Big5 (Traditional Chinese Windows)", "utf_16": "UTF-16 (Excel \"Unicode Text\")",
    "utf_16_le": "UTF-16 (Excel \"Unicode Text\")", "utf_16_be": "UTF-16 big-endian", "utf_32": "UTF-32",
    "utf_32_le": "UTF-32", "utf_32_be": "UTF-32", "shift_jis": "Shift-JIS (Japanese)", "cp932": "Shift-JIS (Japanese)",
    "shift_jis_2004": "Shift-JIS (Japanese)", "euc_jp": "EUC-JP (Japanese)", "euc_jis_2004": "EUC-JP (Japanese)",
    "cp949": "EUC-KR (Korean)", "euc_kr": "EUC-KR (Korean)",
}
#: chaos (charset-normalizer's "mess" ratio) by which another encoding must beat GB18030 before the
#: file is refused; on ties (tiny files decode cleanly in several CJK encodings) GB18030 wins
_TIE = 0.005
#: csv.field_size_limit used by every reader (fits a C long everywhere; far above any file we accept)
_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text (BOM removed) and the encoding it was read with.

    ``encoding`` is ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with BOM) or ``"gb18030"`` (GBK and
    GB2312 are subsets of it).
    """

    text: str
    encoding: str

    @property
    def plain_utf8(self) -> bool:
        """True when the file was UTF-8 without BOM (the canonical form)."""
        return self.encoding == UTF8


class DecodeError(ValueError):
    """The bytes are not UTF-8 and not confidently GBK/GB18030. ``encoding`` is what was found
    instead (a charset-normalizer name such as ``"big5"`` or ``"utf_16"``), or ``""``."""

    def __init__(self, message: str, encoding: str = ""):
        super().__init__(message)
        self.encoding = encoding


def encoding_label(name: str) -> str:
    """A person's name for a charset-normalizer / codec name: ``"big5"`` -> ``"Big5 (Traditional …)"``."""
    key = name.lower().replace("-", "_")
    return ENCODING_LABELS.get(key, name)


def _refuse(found: str) -> DecodeError:
    return DecodeError(f"its encoding is {encoding_label(found)}, not UTF-8 or GBK/GB18030 (reading it as either "
                       "would garble the Chinese text; nothing was read or rewritten)", found)


def decode(data: bytes) -> Decoded:
    """Decode file bytes into text, or refuse: UTF-8 (with or without BOM), else GBK/GB18030 when
    charset-normalizer agrees.

    In: the bytes of a file. Out: :class:`Decoded`. Raises :class:`DecodeError` (with the encoding
    found) for UTF-16/UTF-32 (BOM or NUL bytes), for bytes charset-normalizer reads better in another
    encoding (Big5 decodes "successfully" as GB18030 into garbage, so decoding alone is not
    evidence), and for bytes no encoding fits.
    """
    if data.startswith(BOM):
        try:
            return Decoded(data[len(BOM):].decode("utf-8"), UTF8_BOM)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"starts with a UTF-8 BOM but is not UTF-8 ({exc.reason} at byte "
                              f"{exc.start + len(BOM)})") from exc
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _refuse("utf_32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(b"\x00") > len(data) // 10:
        raise _refuse("utf_16")
    try:
        return Decoded(data.decode("utf-8"), UTF8)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        not_utf8 = f"not UTF-8 (byte 0x{data[exc.start]:02x} on line {line})"
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    gb = [m for m in matches if m.encoding.lower() in GB_FAMILY]
    if not matches:
        raise DecodeError(f"{not_utf8}, and charset-normalizer found no encoding that fits")
    best = min(matches, key=lambda m: m.chaos)
    if gb and min(m.chaos for m in gb) <= best.chaos + _TIE:
        try:
            return Decoded(data.decode(GB18030), GB18030)
        except UnicodeDecodeError:  # pragma: no cover - charset-normalizer decoded it as GB already
            pass
    raise _refuse(best.encoding)


def read_file(path: Path | str) -> Decoded:
    """Read and :func:`decode` one file (OSError as ``Path.read_bytes`` raises it)."""
    return decode(Path(path).read_bytes())


def allow_large_fields() -> None:
    """Raise ``csv.field_size_limit`` so the csv module never rejects a cell by itself.

    Python's default (131,072 characters) is process-global, and frictionless raises it when its
    CSV parser is first imported, so without this the same file would fail on a first load and
    pass on the next. Readers apply their own cell-size rule instead (``pairings.check.MAX_CELL``).
    Only ever raises the limit (safe when threads read at once).
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


def write_csv(path: Path | str, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV canonically: UTF-8 without BOM, ``\\n`` line ends, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    Path(path).write_text(buffer.getvalue(), encoding="utf-8", newline="")


def read_csv_rows(path: Path | str) -> tuple[list[str], list[list[str]], str]:
    """Read a CSV in any accepted encoding: ``(header, rows, encoding)``; ``([], [], enc)`` if empty."""
    decoded = read_file(path)
    allow_large_fields()
    table = list(csv.reader(io.StringIO(decoded.text, newline="")))
    if not table:
        return [], [], decoded.encoding
    return table[0], table[1:], decoded.encoding
