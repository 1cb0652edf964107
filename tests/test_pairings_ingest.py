"""Ingest: the cleaning rules on each quirk of the five seed texts, and the CLI on a fixture."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pairings import ingest
from pairings.ingest import clean, find_repeat

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "pairings" / "raw"
TEXTS = ROOT / "pairings" / "texts"


def titles() -> dict[str, str]:
    with open(ROOT / "pairings" / "data" / "documents.csv", encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row["title"] for row in csv.DictReader(handle)}


DOC_IDS = ["ndrc2015", "dongbei2017", "sichuan2019", "central2018", "yrd2016"]


def cleaned(doc_id: str):
    return clean((RAW / f"{doc_id}.txt").read_text(encoding="utf-8"), titles()[doc_id])


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_committed_text_is_what_ingest_produces(doc_id):
    assert (TEXTS / f"{doc_id}.txt").read_text(encoding="utf-8") == cleaned(doc_id).text


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_raw_line_is_kept_verbatim_or_reported(doc_id):
    raw_lines = [ingest._normalise_space(line) for line in (RAW / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()]
    result = cleaned(doc_id)
    kept = result.text.rstrip("\n").split("\n")
    removed_numbers = {number for number, _, _ in result.removed}
    expected = [line for number, line in enumerate(raw_lines, start=1) if line and number not in removed_numbers]
    assert kept == expected  # same lines, same order, nothing rewritten
    assert result.title_found
    assert all(line == line.strip() and "\u00a0" not in line for line in kept)


def test_ndrc2015_breadcrumb_and_source_lines_go_document_number_stays():
    text = cleaned("ndrc2015").text
    assert text.startswith("国家发展改革委关于进一步加强区域合作工作的指导意见\n发改地区[2015]3107号\n")
    assert "当前位置" not in text and "来源:" not in text and "时间:2015-12-31" not in text
    assert text.endswith("国家发展改革委\n2015年12月28日\n")


def test_dongbei2017_body_once_editor_lines_gone():
    result = cleaned("dongbei2017")
    text = result.text
    assert text.count("辽宁省与江苏省,吉林省与浙江省,黑龙江省与广东省") == 1
    assert text.count("(六)加强督查评估。") == 1
    assert "责任编辑" not in text and "qgy" not in text and "信息来源" not in text
    assert sum(rule == "repeated block" for _, rule, _ in result.removed) == 44
    assert text.startswith("东北地区与东部地区部分省市对口合作工作方案\n组织东北地区")


def test_sichuan2019_login_prompt_gone():
    text = cleaned("sichuan2019").text
    assert "用户登录" not in text and "立即注册" not in text and "还没有账号" not in text
    assert text.rstrip("\n").endswith("预先防范和妥善应对区域发展风险。")
    assert "川滇黔" in text  # abbreviations untouched


def test_central2018_full_width_punctuation_kept_whitespace_blocks_gone():
    text = cleaned("central2018").text
    assert "珠江－西江经济带" in text and "（十一）促进流域上下游合作发展。" in text
    assert text.startswith("中共中央 国务院\n关于建立更加有效的区域协调发展新机制的意见\n（2018年11月18日）\n")
    assert "新华社" not in text and "\n\n" not in text and not text.endswith(" \n")


def test_yrd2016_reposting_footer_byline_and_indentation_gone():
    text = cleaned("yrd2016").text
    for chrome in ("本站是提供个人知识管理", "类似文章", "评论公约", "献花", "方圆儒人", "分享\n"):
        assert chrome not in text
    assert "\n(二)强化一体化发展支撑保障,有效推进重点专题项目。\n" in text
    assert all(not line.startswith((" ", "\u00a0")) for line in text.split("\n"))


def test_find_repeat_needs_three_lines_and_extends_the_run():
    assert find_repeat(["a", "b", "a", "b"]) is None
    assert find_repeat(["t", "a", "b", "c", "d", "a", "b", "c", "d"]) == (5, 4)
    assert find_repeat(["a", "b", "c", "x", "a", "b", "c"]) == (4, 3)


def test_header_cut_needs_the_title_and_chrome_lines_are_reported():
    raw = "网站首页\n当前位置：首页 > 政策\n  某某方案  \n来源：某网 时间：2020-01-01\n一、总则\n\u3000\u3000正文第一句。\n"
    result = clean(raw, "某某方案")
    assert result.text == "某某方案\n一、总则\n正文第一句。\n"
    assert [rule for _, rule, _ in result.removed] == ["page header (before the title)", "breadcrumb", "source/time line"]
    untitled = clean(raw, "不在文中的标题")
    assert not untitled.title_found and untitled.text.startswith("网站首页\n某某方案\n")


def test_cli_writes_text_and_upserts_documents_row_from_gbk(tmp_path, capsys):
    raw = tmp_path / "raw.txt"
    raw.write_bytes("某某方案\n一、总则\n（一）正文，第一句。\n责任编辑 abc\n".encode("gb18030"))
    data = tmp_path / "pairings" / "data"
    args = [str(raw), "--doc-id", "test2020", "--title", "某某方案", "--issuer", "某部", "--date", "2020-05",
            "--data-dir", str(data)]
    assert ingest.main(args) == 0
    assert (tmp_path / "pairings" / "texts" / "test2020.txt").read_text(encoding="utf-8") == "某某方案\n一、总则\n（一）正文，第一句。\n"
    assert ingest.main(args[:-4] + ["--date", "2021", "--data-dir", str(data)]) == 0  # replaces, not appends
    rows = list(csv.DictReader(open(data / "documents.csv", encoding="utf-8")))
    assert [(r["doc_id"], r["date"], r["text_file"]) for r in rows] == [("test2020", "2021", "pairings/texts/test2020.txt")]
    assert ingest.main(args[:-4] + ["--date", "May 2020", "--data-dir", str(data)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_a_raw_file_from_outside_the_repository_is_copied_into_it(tmp_path):
    """documents.csv never records a path outside the repository: the raw text is kept in
    pairings/raw/ (the project keeps its own copies of what it reads)."""
    outside = tmp_path / "downloads" / "网页.txt"
    outside.parent.mkdir()
    outside.write_text("某某方案\n一、总则\n（一）正文。\n", encoding="utf-8")
    repo = tmp_path / "repo"
    data = repo / "pairings" / "data"
    assert ingest.main([str(outside), "--doc-id", "test2020", "--title", "某某方案", "--issuer", "某部",
                        "--date", "2020", "--data-dir", str(data), "-q"]) == 0
    rows = list(csv.DictReader(open(data / "documents.csv", encoding="utf-8")))
    assert [(r["text_file"], r["raw_file"]) for r in rows] == [("pairings/texts/test2020.txt", "pairings/raw/test2020.txt")]
    assert (repo / "pairings" / "raw" / "test2020.txt").read_bytes() == outside.read_bytes()


def test_upsert_document_writes_formula_cells_inert(tmp_path):
    """documents.csv is opened in Excel: a title or issuer starting with = (CSV injection) is written
    with a leading ' like `check --fix` writes it; a dash-started text is kept as it is."""
    documents = tmp_path / "documents.csv"
    ingest.upsert_document(documents, {"doc_id": "a2020", "title": '=HYPERLINK("http://127.0.0.1:8799/","x")',
                                       "issuer": "-某部", "date": "2020", "text_file": "pairings/texts/a2020.txt"})
    rows = list(csv.DictReader(documents.open(encoding="utf-8", newline="")))
    assert rows[0]["title"] == '\'=HYPERLINK("http://127.0.0.1:8799/","x")'
    assert rows[0]["issuer"] == "-某部"
