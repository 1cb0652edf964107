"""Reading files in the encodings maintainers' tools write, and writing CSVs back canonically.

Excel on Chinese Windows saves CSV as GBK/GB18030 ("CSV") or UTF-8 with a BOM ("CSV UTF-8");
text editors save plain UTF-8. :func:`decode` accepts all three and says which it found;
:func:`write_csv` always writes UTF-8 without BOM, ``\\n`` line ends, minimal quoting.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

UTF8, UTF8_BOM = "utf-8", "utf-8-sig"
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text (BOM removed) and the encoding it was read with.

    ``encoding`` is ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with BOM), ``"gb18030"`` (GBK and
    GB2312 are subsets of it), or another name charset-normalizer reported.
    """

    text: str
    encoding: str

    @property
    def plain_utf8(self) -> bool:
        """True when the file was UTF-8 without BOM (the canonical form)."""
        return self.encoding == UTF8


class DecodeError(ValueError):
    """The bytes are neither UTF-8 nor a Chinese legacy encoding charset-normalizer can identify."""


def decode(data: bytes) -> Decoded:
    """Decode file bytes: UTF-8 (with or without BOM) first, then GB18030, then charset-normalizer.

    GB18030 is tried before guessing because it is what Excel on Chinese Windows writes and
    decodes every GBK file exactly; charset-normalizer names anything else (Big5, UTF-16 …).
    Raises :class:`DecodeError` when nothing fits.
    """
    if data.startswith(BOM):
        try:
            return Decoded(data[len(BOM):].decode("utf-8"), UTF8_BOM)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"starts with a UTF-8 BOM but is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16"), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), UTF8)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("not UTF-8, not GBK/GB18030, and charset-normalizer found no encoding")
    return Decoded(str(best), best.encoding)


def read_file(path: Path | str) -> Decoded:
    """Read and :func:`decode` one file."""
    return decode(Path(path).read_bytes())


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
    table = list(csv.reader(io.StringIO(decoded.text, newline="")))
    if not table:
        return [], [], decoded.encoding
    return table[0], table[1:], decoded.encoding
