"""JSON: the lossless save format (UTF-8, indented, Japanese kept readable)."""

from __future__ import annotations

import json
from typing import Any

from worksheets.document import Document, document_from_dict
from worksheets.errors import InputError
from worksheets.formats import declared
from worksheets.formats.limits import check_size, sniff

title, extensions, media_type = declared(__name__)  # declared once, in worksheets.formats.INFOS

MAX_DEPTH = 20


def export(doc: Document) -> bytes:
    return (json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"JSON に同じ項目「{key[:50]}」が2回あります。どちらか一方を削除してください。")
        out[key] = value
    return out


def _no_constant(name: str) -> None:
    raise InputError(f"JSON に数値として使えない値（{name}）があります。")


def _check_tree(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InputError("JSON の入れ子が深すぎます。このアプリで保存したファイルを選んでください。")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("JSON に不正な文字（対になっていないサロゲート）があります。") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_tree(k, depth + 1)
            _check_tree(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_tree(v, depth + 1)


def decode(data: bytes) -> str:
    check_size(data)
    kind = sniff(data)
    if kind == "image":
        raise InputError("画像ファイルのようです。JSON ファイル（.json）を選んでください。")
    if kind in ("xlsx", "ole", "pdf"):
        raise InputError("JSON ではないファイルです（Excel や PDF など）。拡張子と中身を確かめてください。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp932")
    except UnicodeDecodeError:
        raise InputError("文字コードを判別できません。UTF-8 で保存した JSON を選んでください。") from None
    raise InputError(
        "このファイルは Shift_JIS（日本語Windowsの古い文字コード）で保存されているようです。"
        "メモ帳などで「UTF-8」を選んで保存し直してから読み込んでください。"
    )


def parse(data: bytes) -> Any:
    text = decode(data)
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise InputError("JSON の入れ子が深すぎます。このアプリで保存したファイルを選んでください。") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON の書き方に誤りがあります（{exc.lineno}行目 {exc.colno}文字目付近）。"
            "このアプリで保存したファイルを選ぶか、誤りを直してください。"
        ) from None
    _check_tree(obj)
    return obj


def import_(data: bytes) -> Document:
    return document_from_dict(parse(data))
