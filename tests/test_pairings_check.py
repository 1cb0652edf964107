"""Broken-input corpus: each case breaks one thing in tests/broken/base and asserts the exact
`file:row:column: message` line and that the valid rows around the broken one still load.

The gazetteer and boundaries are small fixtures with the interface of geo.gazetteer() /
geo.load_units(), so these tests are fast and independent of the built geometry.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from shapely.geometry import box

from pairings import load
from pairings.check import ERROR, WARNING, Context, fix, left_out_rows, main, run_checks

BASE = Path(__file__).resolve().parent / "broken" / "base"


@dataclass(frozen=True)
class FakeUnit:
    adcode: str
    name: str
    short_name: str
    abbr: str
    level: str
    parent: str


UNITS = [
    FakeUnit("110000", "北京市", "北京", "京", "province", "100000"),
    FakeUnit("120000", "天津市", "天津", "津", "province", "100000"),
    FakeUnit("130000", "河北省", "河北", "冀", "province", "100000"),
    FakeUnit("210000", "辽宁省", "辽宁", "辽", "province", "100000"),
    FakeUnit("320000", "江苏省", "江苏", "苏", "province", "100000"),
    FakeUnit("110105", "朝阳区", "朝阳", "", "county", "110000"),
    FakeUnit("220104", "朝阳区", "朝阳", "", "county", "220100"),
]
BOXES = {
    "110000": box(115.4, 39.4, 117.5, 41.1),
    "120000": box(116.7, 38.5, 118.1, 40.3),
    "130000": box(113.4, 36.0, 119.9, 42.6),
    "210000": box(118.8, 38.7, 125.8, 43.5),
    "320000": box(116.3, 30.7, 121.9, 35.2),
    "110105": box(116.4, 39.8, 116.6, 40.1),
    "220104": box(125.2, 43.6, 125.4, 43.8),
}


class FakeGazetteer:
    """get / resolve like geo.gazetteer(): full name, short name, one-character province abbreviation."""

    def get(self, adcode):
        return next((u for u in UNITS if u.adcode == adcode), None)

    def resolve(self, text, context=None):
        return [u for u in UNITS if text in {u.name, u.short_name} or (u.abbr and text == u.abbr)]


def context(root: Path) -> Context:
    return Context(FakeGazetteer(), BOXES.get, root)


def make(tmp_path: Path, *edits: Callable[[Path], None]) -> Path:
    """Copy the valid base folder, apply the edits (each gets the data dir), return the data dir."""
    shutil.copytree(BASE, tmp_path / "repo")
    data = tmp_path / "repo" / "pairings" / "data"
    for edit in edits:
        edit(data)
    return data


def sub(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def run(data: Path):
    return load(data, context(data.parent.parent))


def lines(result, severity=None):
    return [p.line() for p in result.report if severity is None or p.severity == severity]


BASE_ROWS = {"documents": 1, "pairings": 3, "zones": 3, "basins": 2, "platforms": 3, "mentions": 11}


def test_base_is_clean(tmp_path):
    result = run(make(tmp_path))
    assert lines(result) == []
    assert {name: len(frame) for name, frame in result.tables.items()} == BASE_ROWS


# (case id, edits, exact expected line, severity, rows per table that still load)
CASES = [
    ("missing-required-column", [sub("zones.csv", ",member_adcodes,", ",")],
     "zones.csv:1:member_adcodes: required column is missing from the header row; no row of this file can load",
     ERROR, {"zones": 0, "pairings": 2, "mentions": 7}),
    ("missing-optional-cell-column", [sub("zones.csv", ",membership_source", "")],
     "zones.csv:1:membership_source: required column is missing from the header row; its cells are read as empty",
     ERROR, {"zones": 2, "pairings": 2, "mentions": 9}),  # the row with a membership_source now has a cell too many
    ("unknown-adcode", [sub("zones.csv", "110000;120000;130000", "110000;120000;130001")],
     "zones.csv:3:member_adcodes: unknown adcode '130001'; did you mean 130000 (河北省)?",
     ERROR, {"zones": 2, "pairings": 2}),
    ("adcode-not-6-digits", [sub("platforms.csv", "天津市,120000", "天津市,12000")],
     "platforms.csv:3:host_adcode: '12000' is not a 6-digit adcode", ERROR, {"platforms": 2}),
    ("name-code-mismatch", [sub("pairings.csv", "辽宁省,210000,江苏省,320000", "江苏省,210000,江苏省,320000")],
     "pairings.csv:4:a_name: '江苏省' does not match adcode 210000 (辽宁省); did you mean 320000 (江苏省)?",
     ERROR, {"pairings": 2}),
    ("member-name-code-mismatch", [sub("zones.csv", "辽宁省;江苏省,210000;320000", "江苏省;辽宁省,210000;320000")],
     "zones.csv:4:member_adcodes: '江苏省' does not match adcode 210000 (辽宁省); did you mean 320000 (江苏省)?",
     ERROR, {"zones": 2}),
    ("list-lengths-differ", [sub("zones.csv", "110000;120000;130000", "110000;120000")],
     "zones.csv:3:member_adcodes: member_names has 3 items but member_adcodes has 2: one adcode per name, same order",
     ERROR, {"zones": 2}),
    ("ambiguous-name-cannot-fill", [sub("zones.csv", "朝阳区,110105", "朝阳区,")],
     "zones.csv:2:member_adcodes: cannot fill from member_names: '朝阳区' is ambiguous: 110105 (朝阳区), "
     "220104 (朝阳区); write member_adcodes", ERROR, {"zones": 2}),
    ("unknown-name-cannot-fill", [sub("basins.csv", "江苏省,320000", "江苏,")],
     "basins.csv:2:member_names: '江苏' is a short form: the full name of 320000 is 江苏省 (`--fix` writes it)",
     WARNING, {"basins": 2}),
    ("name-not-in-gazetteer", [sub("basins.csv", "江苏省,320000", "苏南省,")],
     "basins.csv:2:member_names: '苏南省' is not a name in the gazetteer; write member_adcodes",
     ERROR, {"basins": 1}),
    ("short-name-warning", [sub("pairings.csv", "辽宁省,210000", "辽宁,210000")],
     "pairings.csv:4:a_name: '辽宁' is a short form: the full name of 210000 is 辽宁省 (`--fix` writes it)",
     WARNING, {"pairings": 3}),
    ("codes-filled-from-names", [sub("zones.csv", "110000;120000;130000", "")],
     "zones.csv:3:member_adcodes: empty; filled from member_names as 110000;120000;130000 (`--fix` writes it)",
     WARNING, {"zones": 3}),
    ("names-filled-from-codes", [sub("platforms.csv", "北京市,110000", ",110000")],
     "platforms.csv:2:host_name: empty; filled from host_adcode as 北京市 (`--fix` writes it)",
     WARNING, {"platforms": 3}),
    ("duplicate-id-in-file", [sub("zones.csv", "zone-liaoning-jiangsu", "zone-jingjinji")],
     "zones.csv:4:zone_id: duplicate id 'zone-jingjinji': already used in zones.csv row 3", ERROR, {"zones": 2}),
    ("duplicate-id-across-files", [sub("basins.csv", "basin-shili", "zone-jingjinji")],
     "basins.csv:3:basin_id: duplicate id 'zone-jingjinji': already used in zones.csv row 3",
     ERROR, {"basins": 1, "zones": 3}),
    ("bad-id-pattern", [sub("zones.csv", "zone-liaoning-jiangsu", "Zone_LiaoNing"),
                        sub("mentions.csv", "zone-liaoning-jiangsu", "Zone_LiaoNing")],
     "zones.csv:4:zone_id: 'Zone_LiaoNing' is not a valid id: use zone- then lower-case pinyin words joined by hyphens",
     ERROR, {"zones": 2}),
    ("dangling-mention", [sub("mentions.csv", "zone-jingjinji,doc2020", "zone-jingjinj,doc2020")],
     "mentions.csv:11:entity_id: unknown entity id 'zone-jingjinj'; did you mean zone-jingjinji?",
     ERROR, {"mentions": 10, "zones": 2, "pairings": 2}),
    ("dangling-party-ref", [sub("pairings.csv", "plat-shili,mutual", "plat-nowhere,mutual")],
     "pairings.csv:3:b_ref: unknown adcode or zone/basin/platform id 'plat-nowhere'",
     ERROR, {"pairings": 2, "mentions": 10}),
    ("party-ref-wrong-type", [sub("pairings.csv", "plat-shili,mutual", "pair-beijing-tianjin,mutual")],
     "pairings.csv:3:b_ref: 'pair-beijing-tianjin' is not a 6-digit adcode or a zone-/basin-/plat- id",
     ERROR, {"pairings": 2}),
    ("mention-unknown-document", [sub("mentions.csv", "basin-shili,doc2020", "basin-shili,doc1999")],
     "mentions.csv:3:doc_id: unknown document 'doc1999': add it with `python -m pairings ingest`",
     ERROR, {"mentions": 10, "basins": 1}),
    ("missing-mention", [sub("mentions.csv", "plat-shili-er,doc2020,一(三),示例平台二\n", "")],
     "platforms.csv:3:platform_id: plat-shili-er has no mention: add a row to mentions.csv with the quote that names it",
     ERROR, {"platforms": 2, "mentions": 10}),
    ("quote-not-in-text", [sub("mentions.csv", "保护示例河流域", "保护示例湖流域")],
     "mentions.csv:3:quote: quote not found in doc2020 (closest, in 二2: '济带发展,保护示例河流域。')",
     ERROR, {"mentions": 10, "basins": 1}),
    ("quote-spans-paragraphs", [sub("mentions.csv", "推动京津冀协同发展", "总体要求（一）推动京津冀")],
     "mentions.csv:11:quote: quote spans two paragraphs of doc2020: quote from one paragraph only",
     ERROR, {"mentions": 10, "zones": 2}),
    ("quote-occurs-twice", [sub("mentions.csv", "建设示例合作园区", "示例合作园区")],
     "mentions.csv:7:quote: quote occurs 2 times in doc2020: lengthen it so it is unique", WARNING, {"mentions": 11}),
    ("clause-wrong", [sub("mentions.csv", "basin-shili,doc2020,二2", "basin-shili,doc2020,二1")],
     "mentions.csv:3:clause: clause '二1' but the quote is in 二2 (`--fix` writes it)", WARNING, {"mentions": 11}),
    ("clause-empty", [sub("mentions.csv", "basin-shili,doc2020,二2", "basin-shili,doc2020,")],
     "mentions.csv:3:clause: clause is empty; the quote is in 二2 (`--fix` writes it)", WARNING, {"mentions": 11}),
    ("clause-bad-format", [sub("mentions.csv", "basin-shili,doc2020,二2", "basin-shili,doc2020,section 2")],
     "mentions.csv:3:clause: 'section 2' is not a clause label such as 二(三)2, 序言, 标题 or 结尾",
     ERROR, {"mentions": 10}),
    ("second-mention-same-document", [sub("mentions.csv", "zone-jingjinji,doc2020,一(一),推动京津冀协同发展",
                                          "zone-jingjinji,doc2020,一(一),推动京津冀协同发展\n"
                                          "zone-jingjinji,doc2020,一(二),推进京津冀与示例合作园区合作")],
     "mentions.csv:12:entity_id: second mention of zone-jingjinji in doc2020 (first: row 11); keep one mention per "
     "document", WARNING, {"mentions": 12}),
    ("bad-kind", [sub("zones.csv", "省际交界地区", "城市圈")],
     "zones.csv:4:kind: '城市圈' is not a kind for zones: allowed 国家重大区域战略, 城市群, 都市圈, 同城化, 省际交界地区, "
     "经济区, 区域板块, 对口支援地区, 特殊类型地区, 区域合作区, 创新走廊, 承接产业转移示范区, 生态示范区, 一带一路核心区 (to add one, add it to pairings/glossary.py)", ERROR, {"zones": 2}),
    ("kind-of-other-type", [sub("basins.csv", "流域,示例河", "城市群,示例河")],
     "basins.csv:3:kind: '城市群' is not a kind for basins: allowed 横向生态补偿, 流域经济带, 流域 "
     "(to add one, add it to pairings/glossary.py)", ERROR, {"basins": 1}),
    ("bad-direction", [sub("pairings.csv", "320000,mutual", "320000,both")],
     "pairings.csv:4:direction: 'both' is not one of mutual, a_to_b", ERROR, {"pairings": 2}),
    ("required-cell-empty", [sub("zones.csv", "北京朝阳示例区,,经济区", ",,经济区")],
     "zones.csv:2:name: required value is empty", ERROR, {"zones": 2}),
    ("bad-date-format", [sub("documents.csv", "2020-05-01", "2020/05/01")],
     "documents.csv:2:date: '2020/05/01' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
     ERROR, {"documents": 0, "mentions": 0, "zones": 0}),
    ("impossible-date", [sub("documents.csv", "2020-05-01", "2020-02-30")],
     "documents.csv:2:date: '2020-02-30' is not a real date", ERROR, {"documents": 0}),
    ("missing-text-file", [sub("documents.csv", "texts/doc2020.txt", "texts/doc2021.txt")],
     "documents.csv:2:text_file: cannot read 'pairings/texts/doc2021.txt' (FileNotFoundError); run `python -m "
     "pairings ingest`", ERROR, {"documents": 0}),
    ("lon-not-a-number", [sub("platforms.csv", "116.4,39.9", "116.4E,39.9")],
     "platforms.csv:2:lon: '116.4E' is not a number", ERROR, {"platforms": 2, "pairings": 2}),
    ("lat-out-of-range", [sub("platforms.csv", "117.2,39.1", "117.2,139.1")],
     "platforms.csv:3:lat: 139.1 is outside -90..90", ERROR, {"platforms": 2}),
    ("platform-outside-host", [sub("platforms.csv", "117.2,39.1", "121.5,31.2")],
     "platforms.csv:3:lon: (121.5, 31.2) is not inside 天津市 (120000): it is 869 km away; check lon/lat "
     "(not swapped?) and host_adcode", ERROR, {"platforms": 2}),
    ("platform-just-outside-host", [sub("platforms.csv", "117.2,39.1", "118.13,39.1")],
     "platforms.csv:3:lon: (118.13, 39.1) is 2.6 km outside 天津市 (120000) — on the simplified boundary's edge; "
     "check the coordinates", WARNING, {"platforms": 3}),
    ("abroad-with-adcode", [sub("platforms.csv", "西哈努克港,,柬埔寨", "西哈努克港,110000,柬埔寨")],
     "platforms.csv:4:country: a site abroad (柬埔寨) has an empty host_adcode; a site in China has an empty country",
     ERROR, {"platforms": 2}),
    ("no-host-no-country", [sub("platforms.csv", "西哈努克港,,柬埔寨", ",,")],
     "platforms.csv:4:host_adcode: required value is empty: a site in China needs host_adcode; a site abroad needs "
     "country", ERROR, {"platforms": 2}),
    ("html-in-cell", [sub("zones.csv", "辽宁江苏协作区", "<b>辽宁江苏协作区</b>")],
     "zones.csv:4:name: HTML tag '<b>' in a cell: cells are plain text, remove the markup", ERROR, {"zones": 2}),
    ("script-in-cell", [sub("platforms.csv", "示例平台二", '<script>alert("x")</script>')],
     "platforms.csv:3:name: HTML tag '<script>' in a cell: cells are plain text, remove the markup",
     ERROR, {"platforms": 2}),
    ("fullwidth-semicolons", [sub("zones.csv", "北京市;天津市;河北省,110000;120000;130000",
                                  "北京市；天津市；河北省,110000；120000；130000")],
     "zones.csv:3:member_names: full-width ； as list separator; `--fix` writes ;", WARNING, {"zones": 3}),
    ("spaces-around-value", [sub("pairings.csv", "城市合作,北京市", "城市合作,  北京市 ")],
     "pairings.csv:2:a_name: spaces around the value; `--fix` removes them", WARNING, {"pairings": 3}),
    ("too-many-cells", [sub("pairings.csv", "320000,mutual", "320000,mutual,extra,cells")],
     "pairings.csv:4:: row has 10 cells but the header has 8: a comma inside a cell needs the cell in double quotes",
     ERROR, {"pairings": 2}),
    ("empty-row", [sub("pairings.csv", "text\npair-liaoning", "text\n,,,,,,,\npair-liaoning")],
     "pairings.csv:4:: empty row (ignored; `--fix` removes it)", WARNING, {"pairings": 3}),
    ("duplicate-column", [sub("zones.csv", "membership_source", "membership_source,name")],
     "zones.csv:1:name: column appears twice in the header; keep one (`--fix` leaves the file alone until then)", ERROR, {"zones": 0}),
    # an unclosed quote: the row where it opens is reported and left out, every other row is read
    ("unclosed-quote", [sub("mentions.csv", "深化北京市与天津市城市合作", '"深化北京市与天津市城市合作')],
     'mentions.csv:4:quote: a double quote opens this cell and is never closed (the rest of the file would be one '
     'cell): close the quote, and write a quote inside a cell as ""; this row is left out, the rows around it are read',
     ERROR, {"mentions": 10, "pairings": 2, "zones": 3}),
]


def write_bytes(file: str, make_bytes: Callable[[str], bytes]) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / file
        path.write_bytes(make_bytes(path.read_text(encoding="utf-8")))
    return edit


def remove(file: str) -> Callable[[Path], None]:
    return lambda data: (data / file).unlink()


CASES += [
    ("gbk-file", [write_bytes("zones.csv", lambda text: text.encode("gbk"))],
     "zones.csv:1:: encoding is GBK/GB18030 (Excel \"CSV\" on Chinese Windows); read correctly, `--fix` rewrites it "
     "as UTF-8", WARNING, {"zones": 3}),
    ("bom-file", [write_bytes("basins.csv", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"))],
     "basins.csv:1:: encoding is UTF-8 with BOM (Excel \"CSV UTF-8\"); read correctly, `--fix` rewrites it as UTF-8",
     WARNING, {"basins": 2}),
    ("crlf-file", [write_bytes("basins.csv", lambda text: text.replace("\n", "\r\n").encode("utf-8"))],
     None, None, {"basins": 2}),
    ("empty-file", [write_bytes("platforms.csv", lambda text: b"")],
     "platforms.csv:1:: file is empty: it needs at least the header row platform_id,name,aliases,kind,host_name,"
     "host_adcode,country,lon,lat,basis", ERROR, {"platforms": 0, "zones": 3, "mentions": 7}),
    ("missing-file", [remove("basins.csv")],
     "basins.csv:1:: file is missing: every data folder has basins.csv (see docs/data.md)",
     ERROR, {"basins": 0, "zones": 3, "mentions": 9}),
    ("ten-megabyte-file", [write_bytes("platforms.csv", lambda text: text.encode("utf-8")
                                       + ("plat-x,x,,合作园区,北京市,110000,,116.4,39.9\n" * 210_000).encode("utf-8"))],
     "platforms.csv:1:: file is 10.4 MB, over the 5 MB limit for a curated table; is it the right file?",
     ERROR, {"platforms": 0, "zones": 3}),
    ("undecodable-bytes", [write_bytes("zones.csv", lambda text: text.encode("utf-8") + b"\xff\xfe\x00\xff\x81")],
     "zones.csv:1:: cannot read the file: not UTF-8 (byte 0xff on line 5), and charset-normalizer found no encoding "
     "that fits; save it as UTF-8 CSV (Excel: Save As → \"CSV UTF-8\")", ERROR,
     # the zones are lost with their file; what refers to them is reported and left out, the rest loads
     {"zones": 0, "pairings": 2, "mentions": 7, "basins": 2, "platforms": 3, "documents": 1}),
]


# --------------------------------------------------------------------------- hardening (issue 15)

def traditional(text: str) -> str:
    """The text in Traditional characters (what a Big5 file holds): OpenCC s2t."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def resep(file: str, sep: str, quote_lists: bool = True) -> Callable[[Path], None]:
    """Rewrite ``file`` with ``sep`` between cells, as a spreadsheet saving "Text"/"CSV" in a ``;``
    locale does (cells holding ``sep`` quoted); ``quote_lists=False``: quotes dropped, by hand."""
    def edit(data: Path) -> None:
        import csv
        import io

        rows = list(csv.reader(io.StringIO((data / file).read_text(encoding="utf-8"), newline="")))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
        (data / file).write_text(buffer.getvalue() if quote_lists else buffer.getvalue().replace('"', ""),
                                 encoding="utf-8", newline="")
    return edit


def folder_instead(file: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        (data / file).unlink()
        (data / file).mkdir()
    return edit


def no_read_permission(file: str) -> Callable[[Path], None]:
    return lambda data: (data / file).chmod(0)


def text(make_bytes: Callable[[str], bytes]) -> Callable[[Path], None]:
    """Replace the bytes of the document text pairings/texts/doc2020.txt."""
    def edit(data: Path) -> None:
        path = data.parent / "texts" / "doc2020.txt"
        path.write_bytes(make_bytes(path.read_text(encoding="utf-8")))
    return edit


def text_folder(data: Path) -> None:
    path = data.parent / "texts" / "doc2020.txt"
    path.unlink()
    path.mkdir()


def text_unreadable(data: Path) -> None:
    (data.parent / "texts" / "doc2020.txt").chmod(0)


def text_symlink_outside(data: Path) -> None:
    """pairings/texts/link.txt -> a file next to the repository (outside it)."""
    outside = data.parent.parent.parent / "outside.txt"
    outside.write_bytes((data.parent / "texts" / "doc2020.txt").read_bytes())
    (data.parent / "texts" / "link.txt").symlink_to(outside)
    sub("documents.csv", "texts/doc2020.txt", "texts/link.txt")(data)


ZONES_GONE = {"zones": 0, "pairings": 2, "mentions": 7}  # zones.csv unreadable: what refers to it goes too
DOC_GONE = {name: 0 for name in BASE_ROWS}  # the only document left out: every mention, so every entity
CANNOT_READ_ZONES = "zones.csv:1:: cannot read the file: "
SAVE_AS = '; save it as UTF-8 CSV (Excel: Save As → "CSV UTF-8")'
REFUSED = ", not UTF-8 or GBK/GB18030 (reading it as either would garble the Chinese text; nothing was read or rewritten)"
QUOTE_FIX = ': close the quote, and write a quote inside a cell as ""; this row is left out, the rows around it are read'
FORMULA = ("cell starts with {!r}: a spreadsheet runs it as a formula (CSV injection); write it as plain text "
           "(`--fix` writes it with a leading ')")
OUTSIDE = ("documents.csv:2:text_file: {!r} is outside the repository: write a path relative to the repository root, "
           "such as pairings/texts/<doc_id>.txt")

CASES += [
    # encodings: only UTF-8 and (confidently) GBK/GB18030 are read; the rest is refused, nothing is garbled
    ("big5-file", [write_bytes("zones.csv", lambda t: traditional(t).encode("big5"))],
     CANNOT_READ_ZONES + "its encoding is Big5 (Traditional Chinese Windows/macOS)" + REFUSED + SAVE_AS,
     ERROR, ZONES_GONE),
    ("big5-small-file", [write_bytes("documents.csv", lambda t: traditional(t).encode("big5"))],
     "documents.csv:1:: cannot read the file: its encoding is Big5 (Traditional Chinese Windows/macOS)" + REFUSED
     + SAVE_AS, ERROR, DOC_GONE),
    ("gbk-small-file", [write_bytes("documents.csv", lambda t: t.encode("gbk"))],  # 2 lines: Big5 fits as well, GB wins
     "documents.csv:1:: encoding is GBK/GB18030 (Excel \"CSV\" on Chinese Windows); read correctly, `--fix` rewrites "
     "it as UTF-8", WARNING, {"documents": 1, "mentions": 11}),
    ("utf16-unicode-text", [write_bytes("zones.csv", lambda t: t.replace(",", "\t").encode("utf-16"))],
     CANNOT_READ_ZONES + 'its encoding is UTF-16 (Excel "Unicode Text")' + REFUSED + SAVE_AS, ERROR, ZONES_GONE),
    ("utf16-without-bom", [write_bytes("zones.csv", lambda t: t.encode("utf-16-le"))],
     CANNOT_READ_ZONES + 'its encoding is UTF-16 (Excel "Unicode Text")' + REFUSED + SAVE_AS, ERROR, ZONES_GONE),
    ("utf32-file", [write_bytes("zones.csv", lambda t: t.encode("utf-32"))],
     CANNOT_READ_ZONES + "its encoding is UTF-32" + REFUSED + SAVE_AS, ERROR, ZONES_GONE),
    ("bom-but-not-utf8", [write_bytes("zones.csv", lambda t: b"\xef\xbb\xbf" + t.encode("gbk"))],
     CANNOT_READ_ZONES + "starts with a UTF-8 BOM but is not UTF-8 (invalid start byte at byte 103)" + SAVE_AS,
     ERROR, ZONES_GONE),
    # separators: TAB and ; are detected, said once, and read
    ("tab-separated", [resep("zones.csv", "\t")],
     "zones.csv:1:: cells are separated by TAB, not commas (Excel \"Unicode Text\" or \"Text (Tab delimited)\"); read "
     "with TAB, `--fix` rewrites it with commas", WARNING, {"zones": 3, "mentions": 11}),
    ("semicolon-separated", [resep("zones.csv", ";")],
     "zones.csv:1:: cells are separated by \";\", not commas (Excel \"CSV\" where the list separator is \";\"); read "
     "with \";\", `--fix` rewrites it with commas", WARNING, {"zones": 3, "mentions": 11}),
    ("semicolon-separated-unquoted-lists", [resep("zones.csv", ";", quote_lists=False)],
     "zones.csv:3:: row has 12 cells but the header has 8: a \";\" inside a cell needs the cell in double quotes",
     ERROR, {"zones": 1, "pairings": 2, "mentions": 8}),
    ("tab-separated-unknown-header", [resep("zones.csv", "\t"), sub("zones.csv", "zone_id\tname\taliases\tkind\tmember_names\tmember_adcodes\tbasis\tmembership_source",
                                                                   "编号\t名称\t别名\t类型\t成员\t代码\t依据\t来源")],
     "zones.csv:1:: the header row is one cell with TAB in it, and its names are not the columns of this file: "
     "separate the cells with commas (Excel: Save As → \"CSV UTF-8\") and use the column names of docs/data.md; no "
     "row of this file can load", ERROR, ZONES_GONE),
    # quotes
    ("unclosed-quote-first-row", [sub("zones.csv", "zone-beijing-chaoyang,北京朝阳示例区",
                                      'zone-beijing-chaoyang,"北京朝阳示例区')],
     "zones.csv:2:name: a double quote opens this cell and is never closed (the rest of the file would be one cell)"
     + QUOTE_FIX, ERROR, {"zones": 2, "mentions": 10, "pairings": 3}),
    ("quote-closes-cell-early", [sub("zones.csv", "北京朝阳示例区", '"北京"朝阳示例区')],
     "zones.csv:2:name: a double quote closes this cell before its end" + QUOTE_FIX, ERROR,
     {"zones": 2, "mentions": 10}),
    ("unclosed-quote-in-header", [sub("zones.csv", "zone_id,name", 'zone_id,"name')],
     "zones.csv:1:: the header row is not valid CSV (unexpected end of data); check its quotes", ERROR, ZONES_GONE),
    ("quote-inside-quoted-cell-doubled", [sub("zones.csv", "北京朝阳示例区", '"北京""朝阳""示例区"')],
     None, None, {"zones": 3}),  # valid CSV: "" is a quote inside the cell
    # not a file, not readable
    ("folder-named-zones-csv", [folder_instead("zones.csv")],
     "zones.csv:1:: zones.csv is a folder, not a file: move the folder away and put the CSV file here", ERROR,
     ZONES_GONE),
    ("no-read-permission", [no_read_permission("zones.csv")],
     "zones.csv:1:: cannot read the file: permission denied; give your user read permission (e.g. `chmod u+r "
     "zones.csv`)", ERROR, ZONES_GONE),
    # a cell larger than a spreadsheet holds: the same error on every load (see test_cell_size_rule_*)
    ("200-kb-cell", [sub("zones.csv", "《京津冀协同发展规划纲要》", "长" * 204_800)],
     "zones.csv:3:membership_source: cell has 204,800 characters, over the 32,767 a spreadsheet cell holds: shorten it "
     "(or is a closing quote missing?)", ERROR, {"zones": 2, "pairings": 2, "mentions": 9}),
    ("cell-at-the-limit", [sub("zones.csv", "《京津冀协同发展规划纲要》", "长" * 32_767)], None, None, {"zones": 3}),
    # document texts: GBK like the CSVs; other encodings, folders, unreadable files and paths outside are errors
    ("gbk-text", [text(lambda t: t.encode("gbk"))],
     "documents.csv:2:text_file: 'pairings/texts/doc2020.txt': encoding is GBK/GB18030 (Excel \"CSV\" on Chinese "
     "Windows); read correctly, `--fix` rewrites it as UTF-8", WARNING, dict(BASE_ROWS)),
    ("bom-text", [text(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"))],
     "documents.csv:2:text_file: 'pairings/texts/doc2020.txt': encoding is UTF-8 with BOM (Excel \"CSV UTF-8\"); read "
     "correctly, `--fix` rewrites it as UTF-8", WARNING, dict(BASE_ROWS)),
    ("big5-text", [text(lambda t: traditional(t).encode("big5"))],
     "documents.csv:2:text_file: cannot read 'pairings/texts/doc2020.txt': its encoding is Big5 (Traditional Chinese "
     "Windows/macOS)" + REFUSED + "; save it as UTF-8", ERROR, DOC_GONE),
    ("utf16-text", [text(lambda t: t.encode("utf-16"))],
     "documents.csv:2:text_file: cannot read 'pairings/texts/doc2020.txt': its encoding is UTF-16 (Excel \"Unicode "
     "Text\")" + REFUSED + "; save it as UTF-8", ERROR, DOC_GONE),
    ("text-is-a-folder", [text_folder],
     "documents.csv:2:text_file: 'pairings/texts/doc2020.txt' is a folder, not a text file; point text_file at the "
     ".txt file", ERROR, DOC_GONE),
    ("text-not-readable", [text_unreadable],
     "documents.csv:2:text_file: cannot read 'pairings/texts/doc2020.txt': permission denied; give your user read "
     "permission (`chmod u+r`)", ERROR, DOC_GONE),
    ("text-file-absolute", [sub("documents.csv", "pairings/texts/doc2020.txt", "/tmp/texts/doc2020.txt")],
     OUTSIDE.format("/tmp/texts/doc2020.txt"), ERROR, DOC_GONE),
    ("text-file-dotdot", [sub("documents.csv", "pairings/texts/doc2020.txt", "pairings/../../outside/doc2020.txt")],
     OUTSIDE.format("pairings/../../outside/doc2020.txt"), ERROR, DOC_GONE),
    ("text-file-windows-drive", [sub("documents.csv", "pairings/texts/doc2020.txt", "C:\\texts\\doc2020.txt")],
     OUTSIDE.format("C:\\texts\\doc2020.txt"), ERROR, DOC_GONE),
    ("text-file-symlink-outside", [text_symlink_outside], OUTSIDE.format("pairings/texts/link.txt"), ERROR, DOC_GONE),
    # formula cells (CSV injection): =, +, @ and a dash that calls something are errors; a dash alone a warning
    ("formula-hyperlink", [sub("zones.csv", "北京朝阳示例区", '"=HYPERLINK(""http://127.0.0.1:8799/x"",""x"")"')],
     "zones.csv:2:name: " + FORMULA.format("="), ERROR, {"zones": 2, "mentions": 10}),
    ("formula-plus", [sub("basins.csv", "流域,示例河", "流域,+1+1")],
     "basins.csv:3:rivers: " + FORMULA.format("+"), ERROR, {"basins": 1, "mentions": 10}),
    ("formula-at-dde", [sub("documents.csv", "某部", "@SUM(1+1)*cmd|' /C calc'!A0")],
     "documents.csv:2:issuer: " + FORMULA.format("@"), ERROR, DOC_GONE),
    ("formula-dash-dde", [sub("platforms.csv", "西哈努克港", "-2+3+cmd|' /C calc'!A0")],
     "platforms.csv:4:host_name: " + FORMULA.format("-"), ERROR, {"platforms": 2, "mentions": 10}),
    ("formula-after-tab", [sub("zones.csv", "京津冀,,", '京津冀,"\t=1+1",')],  # the tab is stripped, then it is =
     "zones.csv:3:aliases: " + FORMULA.format("="), ERROR, {"zones": 2}),
    ("dash-text", [sub("zones.csv", "京津冀,,", "京津冀,-京津冀,")],
     "zones.csv:3:aliases: cell starts with '-': a spreadsheet reads it as a formula (#NAME?) and saving would lose "
     "it; start it differently (`--fix` keeps it as it is)", WARNING, {"zones": 3}),
    ("neutralised-formula", [sub("zones.csv", "京津冀,,", "京津冀,'=1+1,")],
     "zones.csv:3:aliases: cell starts with ' then '=': a formula that `--fix` made inert; write the plain text "
     "without it", WARNING, {"zones": 3}),
    ("negative-number", [sub("platforms.csv", "116.4,39.9", "-116.4,39.9")],  # a number, not a formula
     "platforms.csv:2:lon: (-116.4, 39.9) is not inside 北京市 (110000): it is 9705 km away; check lon/lat (not "
     "swapped?) and host_adcode", ERROR, {"platforms": 2}),
    # HTML found by html.parser, as a browser tokenises it
    ("html-img-slash-onerror", [sub("zones.csv", "辽宁江苏协作区", "<img/src=x onerror=alert(1)>")],
     "zones.csv:4:name: HTML tag '<img/src=x onerror=alert(1)>' in a cell: cells are plain text, remove the markup",
     ERROR, {"zones": 2}),
    ("html-script-slash", [sub("platforms.csv", "示例平台二", "<script/x>alert(1)")],
     "platforms.csv:3:name: HTML tag '<script/x>' in a cell: cells are plain text, remove the markup", ERROR,
     {"platforms": 2}),
    ("html-upper-case", [sub("platforms.csv", "示例平台二", "<SCRIPT>alert(1)</SCRIPT>")],
     "platforms.csv:3:name: HTML tag '<SCRIPT>' in a cell: cells are plain text, remove the markup", ERROR,
     {"platforms": 2}),
    ("html-svg-onload", [sub("zones.csv", "《京津冀协同发展规划纲要》", "<svg onload=alert(1)>")],
     "zones.csv:3:membership_source: HTML tag '<svg onload=alert(1)>' in a cell: cells are plain text, remove the "
     "markup", ERROR, {"zones": 2}),
    ("html-comment", [sub("zones.csv", "《京津冀协同发展规划纲要》", "《纲要》<!-- x -->")],
     "zones.csv:3:membership_source: HTML tag '<!-- x -->' in a cell: cells are plain text, remove the markup",
     ERROR, {"zones": 2}),
    ("less-than-is-text", [sub("zones.csv", "《京津冀协同发展规划纲要》", "人口<1000万的城市 & 3>2")],
     None, None, {"zones": 3}),
    # characters no cell holds (the page would show them escaped; the checker says where they are)
    ("nul-byte-in-cell", [write_bytes("zones.csv", lambda t: t.replace("辽宁江苏协作区", "辽宁江苏\x00协作区").encode())],
     "zones.csv:4:name: control character U+0000 in a cell: cells are plain text; delete it", ERROR, {"zones": 2}),
    ("escape-sequence-in-cell", [sub("zones.csv", "辽宁江苏协作区", "辽宁江苏\x1b[31m协作区")],
     "zones.csv:4:name: control character U+001B in a cell: cells are plain text; delete it", ERROR, {"zones": 2}),
    ("bidi-override-in-cell", [sub("zones.csv", "辽宁江苏协作区", "辽宁江苏\u202e协作区")],
     "zones.csv:4:name: bidirectional control U+202E in a cell: cells are plain text; it changes the order the text "
     "is shown in; delete it", ERROR, {"zones": 2}),
    ("line-break-in-cell", [sub("zones.csv", "辽宁江苏协作区", '"辽宁江苏\n协作区"')],
     "zones.csv:4:name: line break inside a cell: the page shows it as a space; write the cell on one line",
     WARNING, {"zones": 3}),
    ("header-only-file", [write_bytes("zones.csv", lambda t: t.split("\n")[0].encode())],
     "pairings.csv:3:a_ref: unknown adcode or zone/basin/platform id 'zone-jingjinji'", ERROR, ZONES_GONE),
    ("bare-url-in-name", [sub("zones.csv", "辽宁江苏协作区,", "辽宁江苏协作区 www.example.com,")],
     "zones.csv:4:name: web address 'www.example.com' in a cell: cells are plain text and the page shows it as text; "
     "remove it", WARNING, {"zones": 3}),
]

# Markup in every free-text column: HTML is an error (the row is left out), a Markdown image a warning
# (the row loads unless the markup also breaks a name or a quote). (file, row, column, old, new with {m},
# rows of the file that load with the Markdown image, or {table: rows} where it also leaves out other rows.)
TEXT_COLUMNS = [
    ("documents.csv", 2, "title", "示例方案,某部", "示例方案{m},某部", 1),
    ("documents.csv", 2, "issuer", "某部", "某部{m}", 1),
    ("pairings.csv", 2, "a_name", "城市合作,北京市", "城市合作,北京市{m}", 2),  # no longer the name of 110000
    ("pairings.csv", 4, "b_name", "江苏省,320000", "江苏省{m},320000", 2),
    ("zones.csv", 2, "name", "北京朝阳示例区", "北京朝阳示例区{m}", 3),
    ("zones.csv", 3, "aliases", "京津冀,,", "京津冀,{m},", 3),
    ("zones.csv", 3, "membership_source", "《京津冀协同发展规划纲要》", "《京津冀协同发展规划纲要》{m}", 3),
    # the name is now "长江经济带![px](…)", which the quote 加快长江经济带发展 does not name (check_quotes_name): the
    # mention is left out, and with it the basin (no mention that loads)
    ("basins.csv", 2, "name", "长江经济带,", "长江经济带{m},", {"basins": 1, "mentions": 10}),
    ("basins.csv", 3, "aliases", "示例河流域,,", "示例河流域,{m},", 2),
    ("basins.csv", 3, "rivers", "流域,示例河", "流域,示例河{m}", 2),
    ("basins.csv", 2, "membership_source", "plan,示例", "plan,示例{m}", 2),
    # likewise: neither 建设示例合作园区 (the platform's mention) nor 推进京津冀与示例合作园区合作 (party b of
    # pair-jingjinji-shili) names "示例合作园区![px](…)": both mentions, the platform and the pairing are left out
    ("platforms.csv", 2, "name", "示例合作园区", "示例合作园区{m}", {"platforms": 2, "pairings": 2, "mentions": 9}),
    ("platforms.csv", 3, "aliases", "示例平台二,,", "示例平台二,{m},", 3),
    ("platforms.csv", 4, "host_name", "西哈努克港", "西哈努克港{m}", 3),  # abroad: a free place name
    ("platforms.csv", 4, "country", "柬埔寨", "柬埔寨{m}", 3),
    ("mentions.csv", 3, "quote", "保护示例河流域", "保护示例河流域{m}", 10),  # no longer found in the text
]
HTML_PAYLOAD = '<img src=x onerror="alert(1)">'
MD_PAYLOAD = "![px](http://127.0.0.1:8799/x.png)"
for file, row, column, old, new, md_rows in TEXT_COLUMNS:
    stem = file.removesuffix(".csv")
    edit = lambda payload, old=old, new=new, file=file: sub(file, old, new.replace("{m}", payload))
    CASES.append((f"html-in-{stem}-{column}", [edit(HTML_PAYLOAD)],
                  f"{file}:{row}:{column}: HTML tag {HTML_PAYLOAD!r} in a cell: cells are plain text, remove the markup",
                  ERROR, DOC_GONE if stem == "documents" else {stem: BASE_ROWS[stem] - 1}))
    CASES.append((f"markdown-image-in-{stem}-{column}", [edit(MD_PAYLOAD)],
                  f"{file}:{row}:{column}: Markdown image {MD_PAYLOAD!r} in a cell: cells are plain text and the page "
                  "shows it as text; remove it", WARNING, md_rows if isinstance(md_rows, dict) else {stem: md_rows}))
CASES.append(("markdown-link-in-issuer", [sub("documents.csv", "某部", "[某部](http://127.0.0.1:8799/)")],
              "documents.csv:2:issuer: Markdown link '[某部](http://127.0.0.1:8799/)' in a cell: cells are plain text and "
              "the page shows it as text; remove it", WARNING, {"documents": 1, "mentions": 11}))


def as_a_user(monkeypatch) -> None:
    """Make a file without read permission unreadable even when the tests run as root (root's reads
    ignore the mode bits): ``Path.read_bytes`` raises PermissionError as the kernel would for a user."""
    real = Path.read_bytes

    def read_bytes(self):
        if os.geteuid() == 0 and self.is_file() and not self.stat().st_mode & 0o444:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("case_id,edits,expected,severity,loads", CASES, ids=[c[0] for c in CASES])
def test_broken_input(tmp_path, monkeypatch, case_id, edits, expected, severity, loads):
    as_a_user(monkeypatch)
    result = run(make(tmp_path, *edits))
    if expected is not None:
        assert expected in lines(result, severity), "\n".join(lines(result))
    counts = {name: len(frame) for name, frame in result.tables.items()}
    for table, n in {**BASE_ROWS, **loads}.items():
        if table in loads or all(p.file.removesuffix(".csv") != table for p in result.report if p.severity == ERROR):
            assert counts[table] == n, (table, counts, lines(result))
    # the rows left out are exactly the rows with an error (what the page counts, from the report alone)
    assert set(result.left_out) == left_out_rows(result.report)
    # nothing is dropped silently: every row that did not load has an error line
    for name, rows in result.left_rows.items():
        for number in rows:
            assert any(p.file == name and p.row in (number, 1) and p.severity == ERROR for p in result.report), (name, number)


def test_corpus_is_large_enough():
    assert len(CASES) >= 90
    assert len({case[0] for case in CASES}) == len(CASES)


def test_cli_output_and_exit_status(tmp_path, capsys, monkeypatch):
    data = make(tmp_path, sub("zones.csv", "110000;120000;130000", "110000;120000;130001"),
                sub("pairings.csv", "辽宁省,210000", "辽宁,210000"))
    monkeypatch.setattr("pairings.check.real_context", lambda d: context(d.parent.parent))
    assert main(["--data-dir", str(data)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "errors (4):"
    assert "zones.csv:3:member_adcodes: unknown adcode '130001'; did you mean 130000 (河北省)?" in out
    assert "warnings (1):" in out
    assert out[-1] == "4 errors, 1 warnings; 6 files, 23 rows, 19 load, 4 left out"
    assert main(["--data-dir", str(make(tmp_path / "clean"))]) == 0


def test_fix_rewrites_utf8_sorted_and_is_idempotent(tmp_path):
    data = make(
        tmp_path,
        sub("zones.csv", "北京市;天津市;河北省,110000;120000;130000", " 北京市；天津市；河北省 ,"),
        sub("mentions.csv", "basin-shili,doc2020,二2", "basin-shili,doc2020,"),
        sub("pairings.csv", "辽宁省,210000", "辽宁,"),
        sub("platforms.csv", "北京市,110000", ",110000"),
        sub("pairings.csv", "text\npair-liaoning", "text\n,,,,,,,\npair-liaoning"),
        write_bytes("zones.csv", lambda text: text.encode("gb18030")),
        write_bytes("basins.csv", lambda text: b"\xef\xbb\xbf" + "\n".join(reversed(text.strip().split("\n")[1:]))
                    .join([text.split("\n")[0] + "\n", "\n"]).encode("utf-8")),
    )
    ctx = context(data.parent.parent)
    before = run_checks(data, ctx)
    assert not before.errors
    assert [p.line() for p in before.warnings] == [
        "pairings.csv:4:: empty row (ignored; `--fix` removes it)",
        "pairings.csv:5:a_name: '辽宁' is a short form: the full name of 210000 is 辽宁省 (`--fix` writes it)",
        "pairings.csv:5:a_ref: empty; filled from a_name as 210000 (`--fix` writes it)",
        "zones.csv:1:: encoding is GBK/GB18030 (Excel \"CSV\" on Chinese Windows); read correctly, `--fix` rewrites it as UTF-8",
        "zones.csv:3:member_adcodes: empty; filled from member_names as 110000;120000;130000 (`--fix` writes it)",
        "zones.csv:3:member_names: full-width ； as list separator; `--fix` writes ;",
        "basins.csv:1:: encoding is UTF-8 with BOM (Excel \"CSV UTF-8\"); read correctly, `--fix` rewrites it as UTF-8",
        "platforms.csv:2:host_name: empty; filled from host_adcode as 北京市 (`--fix` writes it)",
        "mentions.csv:3:clause: clause is empty; the quote is in 二2 (`--fix` writes it)",
    ]
    written = fix(before)
    assert sorted(written) == ["basins.csv", "mentions.csv", "pairings.csv", "platforms.csv", "zones.csv"]
    after = run_checks(data, ctx)
    assert after.problems == []
    zones = (data / "zones.csv").read_bytes()
    assert not zones.startswith(b"\xef\xbb\xbf")
    assert "zone-jingjinji,京津冀,,国家重大区域战略,北京市;天津市;河北省,110000;120000;130000," in zones.decode("utf-8")
    assert "pair-liaoning-jiangsu,对口合作,辽宁省,210000," in (data / "pairings.csv").read_text(encoding="utf-8")
    basins = (data / "basins.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in basins] == ["basin_id", "basin-changjiang-jingjidai", "basin-shili"]
    assert fix(after) == []  # second run changes nothing


def test_fix_leaves_unreadable_and_too_long_rows_alone(tmp_path):
    data = make(tmp_path, sub("pairings.csv", "320000,mutual", "320000,mutual,extra"))
    original = (data / "pairings.csv").read_bytes()
    assert "pairings.csv" not in fix(run_checks(data, context(data.parent.parent)))
    assert (data / "pairings.csv").read_bytes() == original


def test_loaded_values_are_fixed_and_typed(tmp_path):
    result = run(make(tmp_path, sub("zones.csv", "110000;120000;130000", "")))
    zones = result.tables["zones"].set_index("zone_id")
    assert zones.loc["zone-jingjinji", "member_adcodes"] == "110000;120000;130000"
    assert result.tables["platforms"]["lon"].dtype == float
    assert list(result.tables["mentions"].columns)[:4] == ["entity_id", "doc_id", "clause", "quote"]


# --------------------------------------------------------------------------- --fix never loses data (issue 15)

def second_name_column(data: Path) -> None:
    """zones.csv with a second `name` column holding other values (the issue's probe)."""
    path = data / "zones.csv"
    lines_ = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines_[0] + ",name"] + [line + ",另一个名字" for line in lines_[1:]]) + "\n",
                    encoding="utf-8")


def test_fix_refuses_a_duplicate_header_column(tmp_path, capsys, monkeypatch):
    data = make(tmp_path, second_name_column, sub("basins.csv", "流域,示例河", "流域, 示例河"))
    original = (data / "zones.csv").read_bytes()
    result = run_checks(data, context(data.parent.parent))
    assert "zones.csv:1:name: column appears twice in the header; keep one (`--fix` leaves the file alone until then)" \
        in [p.line() for p in result.errors]
    written = fix(result)
    assert "zones.csv" not in written and "basins.csv" in written  # the other files are still fixed
    assert (data / "zones.csv").read_bytes() == original  # not one of the 3 names overwritten
    monkeypatch.setattr("pairings.check.real_context", lambda d: context(d.parent.parent))
    assert main(["--fix", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "not fixed: left zones.csv as it is (column name appears twice in the header); correct it by hand, then " \
           "run --fix again" in out
    assert (data / "zones.csv").read_bytes() == original


@pytest.mark.parametrize("edit", [
    write_bytes("zones.csv", lambda t: traditional(t).encode("big5")),
    write_bytes("zones.csv", lambda t: t.encode("utf-16")),
    sub("zones.csv", "zone-beijing-chaoyang,北京朝阳示例区", 'zone-beijing-chaoyang,"北京朝阳示例区'),
    sub("zones.csv", "北京朝阳示例区", '"北京"朝阳示例区'),
    folder_instead("zones.csv"),
], ids=["big5", "utf16", "unclosed-quote", "quote-closes-early", "folder"])
def test_fix_leaves_files_it_cannot_read_whole_alone(tmp_path, edit):
    data = make(tmp_path, edit)
    path = data / "zones.csv"
    before = path.read_bytes() if path.is_file() else None
    assert "zones.csv" not in fix(run_checks(data, context(data.parent.parent)))
    assert (path.read_bytes() if path.is_file() else None) == before


def test_fix_neutralises_formulas_and_keeps_dashes(tmp_path):
    data = make(tmp_path, sub("zones.csv", "北京朝阳示例区", '"=HYPERLINK(""http://127.0.0.1:8799/x"",""x"")"'),
                sub("zones.csv", "京津冀,,", "京津冀,-京津冀,"),
                sub("platforms.csv", "西哈努克港", "-2+3+cmd|' /C calc'!A0"),
                sub("platforms.csv", "103.5,10.6", "103.5,-10.6"))
    ctx = context(data.parent.parent)
    assert sorted(fix(run_checks(data, ctx))) == ["platforms.csv", "zones.csv"]
    zones = (data / "zones.csv").read_text(encoding="utf-8")
    platforms = (data / "platforms.csv").read_text(encoding="utf-8")
    assert '\'=HYPERLINK(""http://127.0.0.1:8799/x"",""x"")' in zones  # inert: a spreadsheet shows the text
    assert ",-京津冀," in zones  # text that starts with a dash is data, kept as written
    assert "'-2+3+cmd|' /C calc'!A0" in platforms and ",103.5,-10.6" in platforms  # DDE inert, numbers kept
    after = run_checks(data, ctx)
    assert not after.errors, [p.line() for p in after.errors]
    assert "zones.csv:2:name: cell starts with ' then '=': a formula that `--fix` made inert; write the plain text " \
           "without it" in [p.line() for p in after.warnings]
    assert fix(after) == []  # idempotent


def test_fix_rewrites_separators_and_gbk_texts(tmp_path):
    data = make(tmp_path, resep("zones.csv", "\t"), resep("basins.csv", ";"), text(lambda t: t.encode("gbk")))
    ctx = context(data.parent.parent)
    original_text = (BASE / "pairings" / "texts" / "doc2020.txt").read_text(encoding="utf-8")
    assert sorted(fix(run_checks(data, ctx))) == ["basins.csv", "doc2020.txt", "zones.csv"]
    assert (data / "zones.csv").read_text(encoding="utf-8") == (BASE / "pairings/data/zones.csv").read_text("utf-8")
    assert (data / "basins.csv").read_text(encoding="utf-8") == (BASE / "pairings/data/basins.csv").read_text("utf-8")
    assert (data.parent / "texts" / "doc2020.txt").read_text(encoding="utf-8") == original_text
    assert run_checks(data, ctx).problems == []


# --------------------------------------------------------------------------- one cell-size rule per process

def test_cell_size_rule_is_the_same_on_every_load(tmp_path, capsys, monkeypatch):
    """csv.field_size_limit is process-global and frictionless raises it on import: the rule must not
    depend on it. Three loads (limit at Python's default, after frictionless, after a reset) and the
    CLI give the same line, and the other rows load."""
    import csv

    data = make(tmp_path, sub("zones.csv", "《京津冀协同发展规划纲要》", "长" * 204_800))
    line = ("zones.csv:3:membership_source: cell has 204,800 characters, over the 32,767 a spreadsheet cell holds: "
            "shorten it (or is a closing quote missing?)")
    seen = []
    for limit in (131_072, None, 131_072):
        if limit:
            csv.field_size_limit(limit)
        else:
            import frictionless.formats.csv.parser  # noqa: F401  (what raises the global limit)
        result = run(data)
        seen.append((line in lines(result, ERROR), len(result.tables["zones"])))
    assert seen == [(True, 2)] * 3
    monkeypatch.setattr("pairings.check.real_context", lambda d: context(d.parent.parent))
    csv.field_size_limit(131_072)
    assert main(["--data-dir", str(data)]) == 1
    assert line in capsys.readouterr().out.splitlines()


# --------------------------------------------------------------------------- reporting

def test_root_causes_are_listed_before_their_follow_ons(tmp_path):
    data = make(tmp_path, sub("zones.csv", "110000;120000;130000", "110000;120000;130001"))
    errors = lines(run(data), ERROR)
    root = errors.index("zones.csv:3:member_adcodes: unknown adcode '130001'; did you mean 130000 (河北省)?")
    follow = errors.index("pairings.csv:3:a_ref: 'zone-jingjinji' was left out (see zones.csv row 3), so this row is too")
    assert root < follow


def test_left_out_counts_rows_not_report_lines(tmp_path):
    """The page's "数据检查排除了 N 行" is len(result.left_out): rows, not warnings, not lines."""
    result = run(make(tmp_path, sub("zones.csv", "110000;120000;130000", "110000;120000;130001"),
                      sub("pairings.csv", "辽宁省,210000", "辽宁,210000")))
    assert result.left_out == [("mentions.csv", 5), ("mentions.csv", 11), ("pairings.csv", 3), ("zones.csv", 3)]
    assert result.n_left_out() == 4
    assert [p.line() for p in result.warnings] == [
        "pairings.csv:4:a_name: '辽宁' is a short form: the full name of 210000 is 辽宁省 (`--fix` writes it)"]
    assert len(result.report) == 5


def test_broken_pipe_ends_quietly(tmp_path):
    """`python -m pairings check | head`: the reader goes away; no traceback on stderr."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-m", "pairings", "check", "--data-dir",
                              str(make(tmp_path, sub("zones.csv", "110000;", "999999;")))],
                             cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # before the child has written anything: its first write or flush gets EPIPE
    stderr = child.stderr.read().decode()
    assert child.wait() == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


# --------------------------------------------------------------------------- helpers

@pytest.mark.parametrize("cell,tag", [
    ("<img/src=x onerror=alert(1)>", "<img/src=x onerror=alert(1)>"), ("<script/x>", "<script/x>"),
    ("a<b>c</b>", "<b>"), ("</div>", "</div>"), ("<!-- x -->", "<!-- x -->"), ("<!DOCTYPE html>", "<!DOCTYPE html>"),
    ("1<2 and 3>2", ""), ("京津冀<北京>", ""), ("a < b", ""), ("《纲要》", ""),
])
def test_html_tag_uses_a_parser(cell, tag):
    from pairings.check import html_tag

    assert html_tag(cell) == tag


@pytest.mark.parametrize("cell,out,curated", [
    ("=1+1", "'=1+1", "'=1+1"), ("+1+1", "'+1+1", "'+1+1"), ("@SUM(1)", "'@SUM(1)", "'@SUM(1)"),
    ("\t=1", "'\t=1", "'\t=1"), ("\r=1", "'\r=1", "'\r=1"), ("-1+1", "'-1+1", "-1+1"),
    ("-SUM(1)", "'-SUM(1)", "'-SUM(1)"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("-京津冀", "'-京津冀", "-京津冀"), ("-12.5", "-12.5", "-12.5"), ("+86", "+86", "+86"), ("京津冀", "京津冀", "京津冀"),
    ("'=1", "'=1", "'=1"), ("", "", ""),
])
def test_spreadsheet_cell(cell, out, curated):
    from pairings.safety import spreadsheet_cell

    assert spreadsheet_cell(cell) == out
    assert spreadsheet_cell(cell, keep_dash=True) == curated


# --------------------------------------------------------------------------- README figures

def corpus_figures(tmp_path: Path, monkeypatch) -> dict[str, int]:
    """Run every corpus case once and count: tried, answered with the exact line, valid edge inputs
    loading with no error, crashes (an exception out of pairings.load), silent drops (a row left out
    with no error line on its row or its file)."""
    as_a_user(monkeypatch)
    figures = {"tried": 0, "exact": 0, "valid": 0, "crashes": 0, "silent": 0}
    for number, (case_id, edits, expected, severity, _loads) in enumerate(CASES):
        figures["tried"] += 1
        try:
            result = run(make(tmp_path / str(number), *edits))
        except Exception:  # counted, and the parametrised test shows the traceback
            figures["crashes"] += 1
            continue
        if expected is None:
            figures["valid"] += not result.errors
        else:
            figures["exact"] += expected in lines(result, severity)
        figures["silent"] += sum(
            1 for name, rows in result.left_rows.items() for row in rows
            if not any(p.file == name and p.row in (row, 1) and p.severity == ERROR for p in result.report))
    return figures


def test_reliability_figures(tmp_path, monkeypatch):
    """docs/data.md's Reliability table is what the corpus gives (rebuild README.md after a change)."""
    import re

    figures = corpus_figures(tmp_path, monkeypatch)
    assert figures["crashes"] == 0 and figures["silent"] == 0
    assert figures["exact"] + figures["valid"] == figures["tried"]
    docs = (Path(__file__).resolve().parent.parent / "docs" / "data.md").read_text(encoding="utf-8")
    table = docs.split("<!-- reliability:start -->")[1].split("<!-- reliability:end -->")[0]
    shown = [int(n) for n in re.findall(r"\| (\d+) \|", table)]
    assert shown == [figures[k] for k in ("tried", "exact", "valid", "crashes", "silent")], (shown, figures)

# --------------------------------------------------------------------------- basis rules (issue 9)
# each rule: a broken case (the exact line) and a passing variant of the same edit

JINGJINJI_SOURCE = "130000,plan,《京津冀协同发展规划纲要》"
ADD_PARTIAL = [sub("zones.csv", "basis,membership_source", "basis,membership_source,partial_adcodes")]

BASIS_CASES = [
    ("basis-empty", [sub("zones.csv", "110105,text,", "110105,,")],
     "zones.csv:2:basis: required value is empty: say what the row rests on: text (the quote names it), plan (the "
     "official plan in membership_source, checked), computed (derived by the project) or inferred (the curators' "
     "reading; see docs/data.md)", {"zones": 2}),
    ("basis-unknown", [sub("pairings.csv", "320000,mutual,text", "320000,mutual,maybe")],
     "pairings.csv:4:basis: 'maybe' is not a basis: say what the row rests on: text (the quote names it), plan (the "
     "official plan in membership_source, checked), computed (derived by the project) or inferred (the curators' "
     "reading; see docs/data.md)", {"pairings": 2}),
    ("basis-column-missing", [sub("platforms.csv", ",lat,basis", ",lat")],
     "platforms.csv:1:basis: required column is missing from the header row; no row of this file can load",
     {"platforms": 0}),
    ("plan-but-unverified", [sub("zones.csv", JINGJINJI_SOURCE, JINGJINJI_SOURCE[:-1] + "(成员按记忆、未核实)》")],
     "zones.csv:3:basis: basis is plan but the membership_source says 按记忆/未核实: members not checked against "
     "the plan are inferred; set basis to inferred, or check them and rewrite the membership_source", {"zones": 2}),
    ("plan-without-source", [sub("zones.csv", JINGJINJI_SOURCE, "130000,plan,")],
     "zones.csv:3:membership_source: basis is plan: membership_source must say the plan's title", {"zones": 2}),
    ("computed-without-source", [sub("basins.csv", "130000;120000,text,", "130000;120000,computed,")],
     "basins.csv:3:membership_source: basis is computed: membership_source must say how the members were computed",
     {"basins": 1}),
    ("partial-not-a-member", ADD_PARTIAL + [sub("zones.csv", "协同发展规划纲要》", "协同发展规划纲要》,210000")],
     "zones.csv:3:partial_adcodes: 210000 not in member_adcodes: a partial member is a member too; add it to "
     "member_adcodes (and member_names) or remove it here", {"zones": 2}),
    ("a-to-b-without-roles", [sub("pairings.csv", "320000,mutual", "320000,a_to_b")],
     "pairings.csv:4:direction: a_to_b but kind '对口合作' has no role words: use mutual, or give the kind its "
     "roles in pairings/glossary.py (ROLES)", {"pairings": 2}),
    ("quote-does-not-name-zone", [sub("mentions.csv", "zone-liaoning-jiangsu,doc2020,二1,推动辽宁江苏协作区",
                                      "zone-liaoning-jiangsu,doc2020,二1,北京朝阳示例区发展")],
     "mentions.csv:12:quote: quote does not name 辽宁江苏协作区 of zone-liaoning-jiangsu (looked for 辽宁江苏协作区): "
     "quote a passage of doc2020 that names it, or set basis to inferred in zones.csv row 4 (the text does not "
     "name it)", {"zones": 2, "mentions": 10}),
    ("quote-does-not-name-party", [sub("mentions.csv", "一(一),支持辽宁省与江苏省开展对口合作", "一(一),与江苏省开展对口合作")],
     "mentions.csv:6:quote: quote does not name party a 辽宁省 of pair-liaoning-jiangsu (looked for 辽宁省 / 辽宁 / "
     "辽): quote a passage of doc2020 that names it, or set basis to inferred in pairings.csv row 4 (the text does "
     "not name it)", {"pairings": 2, "mentions": 10}),
]

BASIS_PASSING = [
    ("plan-verified", [sub("zones.csv", JINGJINJI_SOURCE, JINGJINJI_SOURCE[:-1] + "(已核对)》")]),
    ("unverified-is-inferred", [sub("zones.csv", JINGJINJI_SOURCE, "130000,inferred,《京津冀协同发展规划纲要》(按记忆)")]),
    ("computed-with-source", [sub("basins.csv", "130000;120000,text,", "130000;120000,computed,按河道流经计算")]),
    ("partial-is-a-member", ADD_PARTIAL + [sub("zones.csv", "协同发展规划纲要》", "协同发展规划纲要》,130000")]),
    ("a-to-b-with-roles", [sub("pairings.csv", "对口合作,辽宁省,210000,江苏省,320000,mutual",
                               "对口支援,辽宁省,210000,江苏省,320000,a_to_b")]),
    ("inferred-need-not-be-named", [sub("mentions.csv", "zone-liaoning-jiangsu,doc2020,二1,推动辽宁江苏协作区",
                                        "zone-liaoning-jiangsu,doc2020,二1,北京朝阳示例区发展"),
                                    sub("zones.csv", "210000;320000,text,", "210000;320000,inferred,")]),
    ("zone-named-by-its-members", [sub("mentions.csv", "zone-liaoning-jiangsu,doc2020,二1,推动辽宁江苏协作区",
                                       "zone-liaoning-jiangsu,doc2020,一(一),支持辽宁省与江苏省开展对口合作")]),
    ("party-named-by-abbreviation", [sub("mentions.csv", "pair-beijing-tianjin,doc2020,一(二),深化北京市与天津市城市合作",
                                         "pair-beijing-tianjin,doc2020,一(一),推动京津冀协同发展")]),
    ("party-named-as-issuer", [sub("mentions.csv", "一(一),支持辽宁省与江苏省开展对口合作", "一(一),与江苏省开展对口合作"),
                               sub("documents.csv", ",某部,", ",辽宁省人民政府,")]),
]


@pytest.mark.parametrize("case_id,edits,expected,loads", BASIS_CASES, ids=[c[0] for c in BASIS_CASES])
def test_basis_rule_fails(tmp_path, case_id, edits, expected, loads):
    result = run(make(tmp_path, *edits))
    assert expected in lines(result, ERROR), "\n".join(lines(result))
    counts = {name: len(frame) for name, frame in result.tables.items()}
    for table, n in loads.items():
        assert counts[table] == n, (table, counts, lines(result))


@pytest.mark.parametrize("case_id,edits", BASIS_PASSING, ids=[c[0] for c in BASIS_PASSING])
def test_basis_rule_passes(tmp_path, case_id, edits):
    result = run(make(tmp_path, *edits))
    assert lines(result, ERROR) == []
    assert {name: len(frame) for name, frame in result.tables.items()} == BASE_ROWS


def test_empty_english_title_is_allowed(tmp_path):
    result = run(make(tmp_path, sub("documents.csv", ",Sample plan,A ministry", ",,")))
    assert lines(result) == []


def test_missing_english_title_column_is_an_error(tmp_path):
    result = run(make(tmp_path, sub("documents.csv", ",title_en,issuer_en", ""), sub("documents.csv", ",Sample plan,A ministry", "")))
    assert lines(result, ERROR) == [
        "documents.csv:1:issuer_en: required column is missing from the header row; its cells are read as empty",
        "documents.csv:1:title_en: required column is missing from the header row; its cells are read as empty"]


@pytest.mark.parametrize("form,quote,expected", [
    ("中马产业园", "中马、中印、中孟、中韩产业园", True),
    ("中韩产业园", "中马、中印、中孟、中韩产业园", True),
    ("川渝省际交界地区", "支持晋陕豫黄河金三角、粤桂、湘赣、川渝等省际交界地区合作发展", True),
    ("对口支援新疆", "深入推进对口支援西藏、新疆和青海等省藏区工作", True),
    ("中部", "加强东部与中西部、东北地区对接合作", True),
    ("东部", "深入实施东西部扶贫协作", True),
    ("中部", "中国西部大开发", False),
    ("东部", "辽宁东北部山区", False),  # 东北部 is north-east, not 东部 and 北部
    ("长江经济带", "支持沿江11省市建立和完善地方政府协商合作机制", False),
    ("中马产业园", "中马合作。推进产业园建设", False),  # the list ends at the full stop
])
def test_names_in_reads_coordinated_lists(form, quote, expected):
    from pairings.check import names_in
    from pairings.texts import normalise

    assert names_in(normalise(form), normalise(quote)) is expected
