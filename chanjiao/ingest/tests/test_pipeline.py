"""The whole pipeline: text or HTML in, the FORMAT.md object out; and the shared articles."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from chanjiao.ingest.pipeline import ingest_file, ingest_text, process
from chanjiao.ingest.tests.helpers import name_and_kind

from .test_stages import HTML_PAGE

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "tools" / "score_ingest.py"

TRADITIONAL_WITH_PINYIN = (
    "近日,閩江職業(yè)技術(shù)學(xué)院召開2024閩江現代物流職教集團產(chǎn)教融合論壇。"
    "學(xué)院黨委書記林海峰致辭,校長陳志遠主持會議。來自政府、院校和企業(yè)的代表等"
    "180余人出席會議。會上,學(xué)院與閩江港務集團有限公司、海峽數據科技有限公司"
    "簽訂校企合作協(xié)議,合作成立智慧港口產(chǎn)業(yè)學(xué)院。"
)


_name_and_kind = name_and_kind


def test_traditional_text_with_pinyin_is_repaired_converted_and_extracted():
    result = process(TRADITIONAL_WITH_PINYIN)
    record = result.record
    assert result.converted and result.readings_removed >= 10
    assert [b["name"] for b in record["bodies"]] == ["闽江现代物流职教集团"]
    assert [o["name"] for o in record["organizations"]] == [
        "闽江职业技术学院",
        "闽江港务集团有限公司",
        "海峡数据科技有限公司",
    ]
    assert [(p["name"], p["title"]) for p in record["people"]] == [
        ("林海峰", "党委书记"),
        ("陈志远", "校长"),
    ]
    assert record["event"]["attendance"] == 180
    assert _name_and_kind(record["carriers"]) == [
        {"name": "智慧港口产业学院", "kind": "industry_college"}
    ]
    assert {tuple(a["parties"]) for a in record["agreements"]} == {
        ("闽江职业技术学院", "闽江港务集团有限公司"),
        ("闽江职业技术学院", "海峡数据科技有限公司"),
    }


def test_simplified_text_keeps_names_that_t2s_would_change():
    record = ingest_text("莆田职业技术学院副校长於立新、总经理王昇出席会议。")
    assert [p["name"] for p in record["people"]] == ["於立新", "王昇"]


def test_html_page_gives_the_article_not_the_navigation():
    record = ingest_text(HTML_PAGE, html=True, source_url="https://example.org/news/3.html")
    assert record["title"] == "某市智能制造产教联盟成立"
    assert record["published"] == "2024-03-15"
    assert record["event"]["date"] == "2024-03-12"
    assert record["event"]["attendance"] == 150
    organisations = [o["name"] for o in record["organizations"]]
    assert organisations == ["苏州工业职业技术学院", "上海电机学院", "江苏省教育厅"]
    assert "某某科技有限公司" not in json.dumps(record, ensure_ascii=False)


def test_ingest_file_reads_gbk_and_reports_the_encoding(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(
        "近日，某学院召开论坛，来自各地的代表共一百余人参加了论坛，会议取得圆满成功。".encode("gbk")
    )
    result = ingest_file(path)
    assert result.encoding == "gb18030"
    assert result.record["event"]["attendance"] == 100


def test_ingest_file_warns_about_lost_characters(tmp_path):
    path = tmp_path / "lost.txt"
    path.write_text("學院彰顯新?lián)?dāng),召開大會,學(xué)習(xí)精神。", encoding="utf-8")
    result = ingest_file(path)
    assert result.lost_characters == 2
    assert any("lost" in w for w in result.warnings)


def _scorer():
    if not SCORER.is_file():
        pytest.skip("shared/tools/score_ingest.py is not present")
    spec = importlib.util.spec_from_file_location("score_ingest", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shared_articles_score_at_least_095(tmp_path, capsys):
    articles = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not articles:
        pytest.skip("shared/corpus is not present")
    scorer = _scorer()
    for article in articles:
        record = ingest_file(article).record
        (tmp_path / f"{article.stem}.json").write_text(
            json.dumps(record, ensure_ascii=False), encoding="utf-8"
        )
    capsys.readouterr()
    assert scorer.main([str(CORPUS / "gold"), str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overall"] >= 0.95, report["summary"]
