"""issue 13 #13: downloads are named sheet + title + date, cut between words."""

from __future__ import annotations

from datetime import date

import pytest

from worksheets.filenames import cut_at_word, download_name, safe_part

DAY = date(2026, 5, 1)


def test_sheet_title_and_date() -> None:
    assert download_name("課題整理シート［詳細版］", "移動の課題", DAY, ".pdf") == "課題整理シート_詳細版_移動の課題_2026-05-01.pdf"


def test_no_title_gives_sheet_and_date() -> None:
    assert download_name("タイムライン", "", DAY, ".ics") == "タイムライン_2026-05-01.ics"


def test_long_title_is_cut_at_a_space_not_mid_word() -> None:
    title = "Mobility support for elderly residents in hilly districts of the city"
    name = download_name("リーンキャンバス", title, DAY, ".json")
    cut = name.removeprefix("リーンキャンバス_").removesuffix("_2026-05-01.json")
    assert len(cut) <= 40
    spaced = cut.replace("_", " ")
    assert title.startswith(spaced)
    assert title[len(spaced)] == " "  # the next character is the gap between two words


def test_long_japanese_title_is_cut_at_punctuation() -> None:
    title = "中山間地域における高齢者の移動手段の確保、及び買い物支援と見守りを組み合わせた新しい地域交通サービスの実証"
    cut = cut_at_word(title, 40)
    assert cut == "中山間地域における高齢者の移動手段の確保"


def test_long_japanese_title_without_punctuation_is_cut_where_the_script_changes() -> None:
    title = "高齢者移動支援実証事業におけるオンデマンド交通システムの導入効果検証と運行計画策定支援業務委託"
    cut = cut_at_word(title, 40)
    assert len(cut) <= 40
    assert title.startswith(cut)
    old = title[:40]  # the old rule: 40 characters, whatever they were
    assert cut != old
    nxt = title[len(cut)]
    assert (cut[-1], nxt) != ("支", "援")
    assert not ("\u4e00" <= cut[-1] <= "\u9fff" and "\u4e00" <= nxt <= "\u9fff")  # not inside a kanji run


def test_okurigana_stay_with_their_kanji() -> None:
    text = "あ" * 30 + "地域を支える仕組み"
    cut = cut_at_word(text, 33)
    assert not cut.endswith("支")


@pytest.mark.parametrize("bad", ['a/b\\c:d*e?f"g<h>i|j', "tab\tand\nnewline", "bidi\u202eevil", "zero\u200bwidth"])
def test_unsafe_characters_never_reach_the_name(bad: str) -> None:
    name = download_name("課題整理シート", bad, DAY, ".xlsx")
    assert not set('/\\:*?"<>|\t\n\u202e\u200b') & set(name)
    assert name.endswith("_2026-05-01.xlsx")


def test_safe_part_strips_dots_and_underscores_at_the_ends() -> None:
    assert safe_part("..テーマ..") == "テーマ"
