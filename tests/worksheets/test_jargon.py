from __future__ import annotations

from worksheets.jargon import check, find_terms, terms
from worksheets.sheets.discussion_paper import DiscussionPaper


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
