from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT
from worksheets import jargon
from worksheets.jargon import GLOSSARY, check, find_terms, terms
from worksheets.registry import SHEETS
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.issue_sheet import IssueSheet


def test_glossary_has_every_row_of_figure_8() -> None:
    rows = terms()
    assert len(rows) == 21
    assert sum(t.category == "自治体語" for t in rows) == 5
    assert all(t.meaning and t.paraphrase for t in rows)


def test_scale_and_genka_are_flagged_with_their_paraphrase() -> None:
    found = {t.term: t for t in find_terms("全国にスケールする計画です。原課と相談します。")}
    assert found["スケール(する)"].paraphrase == "(事業を)拡大する"
    assert found["スケール(する)"].category == "スタートアップ語"
    assert found["原課"].paraphrase == "担当課、担当部署"
    assert found["原課"].category == "自治体語"


def test_longer_katakana_words_are_not_false_hits() -> None:
    assert find_terms("ペインポイントとレクリエーション") == []  # ペイ・レク inside longer words
    assert [t.term for t in find_terms("レク資料を作る")] == ["レク"]
    assert [t.term for t in find_terms("早期にペイする")] == ["ペイ(する)"]


def test_check_names_the_field() -> None:
    findings = check(DiscussionPaper(how="ナレッジを活かしてローンチする", team_municipality="原課の担当者"))
    assert [(f.label, f.term.term) for f in findings] == [
        ("課題に対する解決アプローチと基本的な考え方", "ナレッジ"),
        ("課題に対する解決アプローチと基本的な考え方", "ローンチ"),
        ("自治体", "原課"),
    ]


def test_common_variants_are_caught() -> None:
    cases = {
        "フィジビリティスタディを行います": "フィージビリティ・スタディ",  # no long vowel, no 「・」
        "フィージビリティスタディ": "フィージビリティ・スタディ",
        "パブコメにかけます": "パブリックコメント",
        "スケールメリットが出ます": "スケール(する)",
        "ポンチ絵を用意": "ボンチ絵",
        "ぽんち絵を用意": "ボンチ絵",  # hiragana
        "バッファーを取る": "バッファ",  # long vowel added
        "ｼｮｰﾄ･ﾉｰﾀｲｽで恐縮です": "ショート・ノータイス",  # half-width
        "ショートノーティスで恐縮です": "ショート・ノータイス",
        "コアコンピテンス": "コアコンピタンス",
    }
    for text, term in cases.items():
        assert [t.term for t in find_terms(text)] == [term], text


def test_variants_do_not_hit_inside_other_words() -> None:
    assert find_terms("スペインとディレクターとこれくらいのマジック") == []


def test_the_guides_rows_stay_verbatim_and_variants_live_in_the_data_file() -> None:
    guide = next((ROOT.parent / "shared" / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")
    cells = [line.rstrip("\t").split("\t") for line in guide.splitlines() if line.count("\t") >= 2]
    rows = {c[-3]: c[-2:] for c in cells if len(c) >= 3}
    for t in terms():
        assert rows[t.term] == [t.meaning, t.paraphrase], t.term  # 図表8, word for word
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    assert {v for row in data["terms"] for v in row["variants"]} >= {"パブコメ", "スケールメリット", "ポンチ絵"}
    assert "パブコメ" not in Path(jargon.__file__).read_text(encoding="utf-8")  # data, not code


def test_every_sheet_a_counterpart_reads_is_checked() -> None:
    for sheet_type in ("issue_sheet", "issue_detail", "lean_canvas", "discussion_paper", "sanpo_yoshi"):
        assert SHEETS[sheet_type].jargon_check, sheet_type
    findings = check(IssueSheet(gap="パブコメで意見を集める"))
    assert [(f.label, f.term.term) for f in findings] == [("【ギャップ】", "パブリックコメント")]
