"""Errors users see: Japanese, specific (what, where) and actionable.

Why a translation table: pydantic's messages are English and name internal field paths; a
自治体 user needs the guide's field label and what to do (rendercv's error_dictionary idea).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from worksheets.spec import FieldSpec, GroupSpec, declared, item_model


class InputError(Exception):
    """Input that cannot be used. ``str(err)`` is a Japanese message fit to show as-is."""


_MESSAGES: dict[str, str] = {
    "string_too_long": "文字数が多すぎます（{max_length}文字まで）。",
    "too_long": "項目が多すぎます（{max_length}個まで）。",
    "too_short": "項目が足りません（{min_length}個以上必要です）。",
    "extra_forbidden": "この項目は様式にありません。",
    "missing": "必要な項目がありません。",
    "string_type": "文字列で入力してください。",
    "list_type": "一覧（リスト）の形式で入力してください。",
    "int_parsing": "整数で入力してください。",
    "int_type": "整数で入力してください。",
    "int_from_float": "整数で入力してください。",
    "greater_than_equal": "{ge}以上の数を入力してください。",
    "less_than_equal": "{le}以下の数を入力してください。",
    "model_type": "形式が正しくありません。",
    "dict_type": "形式が正しくありません。",
    "value_error": "{reason}",
}


def label_for(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """A user-facing name for a pydantic error location, e.g. 「課題2 ⑤不足」."""
    labels: list[str] = []
    cls: type[BaseModel] | None = model_cls
    group: GroupSpec | None = None
    for part in loc:
        if isinstance(part, int) and group is not None:
            labels.append(group.item_title(part))
            continue
        specs = dict(declared(cls)) if cls is not None else {}
        spec = specs.get(str(part))
        if spec is None:
            labels.append(str(part))
            cls = None
        elif isinstance(spec, GroupSpec):
            group = spec
            assert cls is not None
            cls = item_model(cls, str(part))
        else:
            labels.append(spec.label)
            assert isinstance(spec, FieldSpec)
    return " ".join(labels) if labels else "シート全体"


def describe(exc: ValidationError, model_cls: type[BaseModel], where: str = "") -> str:
    """Turn a pydantic error into Japanese lines: 「場所: 内容」."""
    lines = []
    for err in exc.errors(include_url=False)[:10]:
        ctx = dict(err.get("ctx") or {})
        ctx.setdefault("reason", str(ctx.get("error", err["msg"])))
        kind = err["type"]
        if kind == "too_long" and isinstance(err.get("input"), str):
            kind = "string_too_long"
        template = _MESSAGES.get(kind, "値が正しくありません（{type}）。")
        try:
            message = template.format(type=err["type"], **ctx)
        except (KeyError, IndexError):
            message = f"値が正しくありません（{err['type']}）。"
        lines.append(f"{where}「{label_for(model_cls, tuple(err['loc']))}」: {message}")
    if len(exc.errors()) > 10:
        lines.append(f"ほか {len(exc.errors()) - 10} 件")
    return "\n".join(lines)
