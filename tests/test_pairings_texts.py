"""Clause labels, clause_of and normalise on the committed cleaned texts."""

from __future__ import annotations

import pytest

from pairings.texts import clause_index, clause_of, clause_of_text, marker_of, normalise, paragraph_labels, read_text


def test_normalise_full_width_dashes_spaces():
    assert normalise("珠江－西江经济带（试点）， 中德：") == "珠江-西江经济带(试点),中德:"
    assert normalise("汀江—韩江 ；\u3000a\u00a0b") == "汀江-韩江;ab"
    assert normalise("“一带一路”〔2015〕") == '"一带一路"[2015]'
    assert normalise("１２") == "12"


def test_markers():
    assert marker_of("一、总体要求") == (1, "一")
    assert marker_of("（二十三）实行") == (2, "(二十三)")
    assert marker_of("(三)大力") == (2, "(三)")
    assert marker_of("1.行政") == (3, "1")
    assert marker_of("2、新兴") == (3, "2")
    assert marker_of("（1）某") == (4, "1")
    assert marker_of("——政府引导") is None
    assert marker_of("2015年12月28日") is None
    assert marker_of("3.5亿元投入") is None


def test_labels_bullets_preamble_closing():
    lines = ["标题", "前言。", "一、总", "（一）甲。", "——乙。", "1.丙。", "续丙。", "二、次", "某部", "2020年1月1日"]
    assert paragraph_labels(lines, 1) == ["标题", "序言", "一", "一(一)", "一(一)", "一(一)1", "一(一)1", "二", "结尾", "结尾"]


@pytest.mark.parametrize("doc_id,quote,label", [
    ("dongbei2017", "辽宁省与江苏省,吉林省与浙江省,黑龙江省与广东省", "二"),
    ("dongbei2017", "装备制造业等优势产业", "三(二)1"),
    ("dongbei2017", "东北地区与东部地区部分省市对口合作工作方案", "标题"),
    ("central2018", "珠江－西江经济带", None),  # in 二(四) and 四(十一): ambiguous
    ("central2018", "长江经济带、珠江－西江经济带、淮河生态经济带", "四(十一)"),
    ("central2018", "长江经济带、 珠江-西江经济带、淮河生态经济带", "四(十一)"),  # half-width quote, full-width text
    ("central2018", "坚持市场主导与政府引导相结合", "一(二)"),  # —— bullet keeps its parent
    ("central2018", "关于建立更加有效的区域协调发展新机制的意见", "标题"),
    ("ndrc2015", "2015年12月28日", "结尾"),
    ("ndrc2015", "各省、自治区、直辖市及计划单列市", "序言"),
    ("ndrc2015", "推动深圳前海深港现代服务业合作区", "四(十六)"),
    ("sichuan2019", "深化川粤川浙扶贫协作", "五(十七)"),
    ("yrd2016", "将皖江示范区与长三角规划实施衔接", "三(三)3"),
    ("yrd2016", "这句话不在文中", None),
])
def test_clause_of_on_committed_texts(doc_id, quote, label):
    assert clause_of(doc_id, quote) == label


def test_clause_of_never_spans_paragraphs():
    text = "标题\n一、甲乙。\n二、丙丁。"
    assert clause_of_text(text, "甲乙。二、丙", "标题") is None
    assert clause_of_text(text, "丙丁", "标题") == "二"


def test_clause_index_covers_every_sentence():
    for doc_id in ["ndrc2015", "dongbei2017", "sichuan2019", "central2018", "yrd2016"]:
        text = read_text(doc_id)
        index = clause_index(doc_id)
        assert "".join(c.text for c in index) == text.replace("\n", "")
        assert all(c.label for c in index)


# --------------------------------------------------------------------------- which file is a document's text

BROKEN_BASE = __import__("pathlib").Path(__file__).resolve().parent / "broken" / "base"


def _repo(tmp_path, text_file="pairings/texts/doc2020.txt", encoding="utf-8"):
    """A copy of the broken-input base repo; its one text moved to ``text_file`` in ``encoding``."""
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(BROKEN_BASE, repo)
    source = repo / "pairings" / "texts" / "doc2020.txt"
    content = source.read_text(encoding="utf-8")
    source.unlink()
    (repo / text_file).parent.mkdir(parents=True, exist_ok=True)
    (repo / text_file).write_bytes(content.encode(encoding))
    documents = repo / "pairings" / "data" / "documents.csv"
    documents.write_text(documents.read_text(encoding="utf-8").replace("pairings/texts/doc2020.txt", text_file),
                         encoding="utf-8")
    return repo / "pairings" / "data"


def test_clause_text_follows_documents_csv_and_the_data_dir_env(tmp_path, monkeypatch):
    """The evidence panel calls clause_index(doc_id): with REGIONMAP_DATA_DIR set, the text is the
    text_file of that folder's documents.csv row, not pairings/texts/<doc_id>.txt of the repository."""
    data = _repo(tmp_path, "elsewhere/示例方案全文.txt")
    monkeypatch.setenv("REGIONMAP_DATA_DIR", str(data))
    labels = {c.label: c.text for c in clause_index("doc2020")}
    assert labels["二2"] == "2.加快长江经济带发展，保护示例河流域。"
    assert labels["标题"] == "示例方案"  # the title comes from the same documents.csv
    assert clause_of("doc2020", "保护示例河流域") == "二2"
    monkeypatch.delenv("REGIONMAP_DATA_DIR")
    with pytest.raises(FileNotFoundError):  # the repository has no doc2020
        read_text("doc2020")
    assert read_text("doc2020", data_dir=data).startswith("示例方案\n一、总体要求")


def test_gbk_text_reads_like_a_gbk_csv(tmp_path):
    data = _repo(tmp_path, encoding="gbk")
    assert "保护示例河流域" in read_text("doc2020", data_dir=data)


def test_text_file_outside_the_repository_is_not_read(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("不应读取", encoding="utf-8")
    data = _repo(tmp_path)
    documents = data / "documents.csv"
    documents.write_text(documents.read_text(encoding="utf-8").replace("pairings/texts/doc2020.txt", str(outside)),
                         encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="outside the repository"):
        read_text("doc2020", data_dir=data)
