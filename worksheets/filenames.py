"""Names for downloaded files: 「シート名_タイトル_日付.拡張子」, safe on Windows, macOS and in ZIPs.

Why a word boundary: a title cut at a fixed length split words (「外出困難な高齢者の移動支」); a cut falls
on a space or punctuation when there is one, else where the script changes (漢字→かな, かな→カナ, …).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

TITLE_MAX = 40
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+')
_BREAK_AFTER = set("_-・、。，．）」』】〕”’!?！？")
_BREAK_BEFORE = set("（「『【〔“‘")


def _script(ch: str) -> str:
    if "\u3040" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a0" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヶ":
        return "kanji"
    if ch.isascii() and ch.isalnum():
        return "latin"
    if unicodedata.category(ch).startswith("N"):
        return "digit"
    return "other"


def cut_at_word(text: str, limit: int = TITLE_MAX) -> str:
    """``text`` shortened to at most ``limit`` characters, cut between words, never inside one."""
    if len(text) <= limit:
        return text
    floor = limit // 2  # never cut away more than half of what fits
    for i in range(limit, floor - 1, -1):  # a break character: cut after it (or before an opening one)
        if text[i - 1] in _BREAK_AFTER:
            return text[:i].rstrip("_-・、。，．")
        if i < len(text) and text[i] in _BREAK_BEFORE:
            return text[:i]
    for i in range(limit, floor - 1, -1):  # a change of script: 漢字|かな, かな|漢字, カナ|漢字, latin|…
        if _script(text[i - 1]) != _script(text[i]):
            if _script(text[i - 1]) == "kanji" and _script(text[i]) == "hiragana":
                continue  # okurigana belong to the kanji before them (「支える」 not 「支」)
            return text[:i]
    return text[:limit]


def safe_part(text: str) -> str:
    """One part of a file name: characters no file system accepts and all spacing become ``_``."""
    return _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip("_. ")


def download_name(sheet: str, title: str, day: date, ext: str, limit: int = TITLE_MAX) -> str:
    """「課題整理シート_詳細版_外出困難な高齢者の移動_2026-05-01.pdf」: sheet, title (if any), date."""
    sheet_part = safe_part(sheet.replace("［", "_").replace("］", ""))
    title_part = safe_part(cut_at_word(safe_part(title), limit))
    parts = [p for p in (sheet_part, title_part, day.isoformat()) if p]
    return "_".join(parts) + ext
