"""The declared field spec that every renderer reads.

A sheet is a pydantic model whose fields carry a :class:`FieldSpec` (or, for repeated frames
such as 課題1..N, a :class:`GroupSpec`) as ``Annotated`` metadata. The form, the Excel writer and
reader, the PDF layout, the completeness meter and the CLI all walk the model through the
helpers here, so no medium keeps its own list of fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict


class Kind(StrEnum):
    SHORT = "short"  # one line
    LONG = "long"  # free text with line breaks
    NUMBER = "number"  # whole number
    LINES = "lines"  # a list, edited and printed one item per line
    MONTH = "month"  # a whole number: a column of a month schedule (1 = the schedule's first month)
    DATE = "date"  # a calendar day (JSON and Excel: YYYY-MM-DD)
    CHOICE = "choice"  # one of FieldSpec.choices

    @property
    def is_number(self) -> bool:
        return self in (Kind.NUMBER, Kind.MONTH)


HINT_MARK = "ヒント："  # starts every line of a hint that is the app's own, not the guide's
# Only the canvas has a minimum set in the guide (Ⅰ・Ⅱ・Ⅲ・Ⅷ); every other sheet's is this app's advice.
APP_MINIMUM_NOTE = "本アプリが推奨する最低限の項目"
SAMPLE_GUIDE = "記載例（実践ガイド 図表18）"  # the only filled sheet the guide prints
SAMPLE_SEMINAR = "参考事例（セミナー報告より作成）"  # built from the seminar report, not the guide
SAMPLE_GUIDE_CASE = "参考事例（実践ガイドの事例紹介より作成）"  # a case the guide describes, not a filled sheet


def source_spec() -> FieldSpec:
    """出典: where a sheet's content comes from; a sample fills it, so its source is on every print."""
    return FieldSpec(
        "出典",
        HINT_MARK + "サンプルや他の資料をもとに書いた場合は、その出典を書きます。自分たちの内容だけなら空欄で構いません。",
        part="出典",
        counted=False,
    )


@dataclass(frozen=True)
class FieldSpec:
    """How one field appears in every medium."""

    label: str  # the guide's heading, verbatim
    # 記載のポイント: the guide's words, whole or abridged with 「…」; lines the app adds itself start with
    # HINT_MARK (tests/test_guide_fidelity.py checks both against the guide's text).
    hint: str = ""
    kind: Kind = Kind.LONG
    part: str = ""  # the numbered part the completeness meter reports
    minimum: bool = False  # part of the minimum set (the guide's only for the canvas; else the app's advice)
    placeholder: str = ""
    unit: str = ""  # printed after a number (e.g. 年後)
    min_value: int | None = None
    max_value: int | None = None
    counted: bool = True  # False for settings (e.g. a start month) the completeness meter ignores
    choices: tuple[str, ...] = ()  # CHOICE: the allowed values, in display order
    hidden: bool = False  # set by the page itself (e.g. a chosen calendar), not by the generic form


@dataclass(frozen=True)
class GroupSpec:
    """A repeated frame (課題1, 課題2, …): a list of a sub-model."""

    label: str
    item_label: str  # with {n}, e.g. "課題{n}"
    hint: str = ""
    default_items: int = 1
    min_items: int = 1
    max_items: int = 20
    as_table: bool = False  # the form shows each item as one row of widgets

    def item_title(self, index: int) -> str:
        letter = chr(ord("A") + index) if index < 26 else str(index + 1)
        return self.item_label.format(n=index + 1, a=letter)


class SheetModel(BaseModel):
    """Base of every sheet and sub-model: unknown keys are an error, never dropped silently."""

    model_config = ConfigDict(extra="forbid")


M = TypeVar("M", bound=SheetModel)


def declared(model_cls: type[BaseModel]) -> list[tuple[str, FieldSpec | GroupSpec]]:
    """The model's fields with their spec, in declaration order (a new list: callers may change it)."""
    return list(_declared(model_cls))


@cache
def _declared(model_cls: type[BaseModel]) -> tuple[tuple[str, FieldSpec | GroupSpec], ...]:
    # Why cached: models are classes fixed at import, and every page run, print and check walks them.
    out: list[tuple[str, FieldSpec | GroupSpec]] = []
    for name, info in model_cls.model_fields.items():
        specs = [m for m in info.metadata if isinstance(m, FieldSpec | GroupSpec)]
        if len(specs) != 1:
            raise TypeError(f"{model_cls.__name__}.{name} needs exactly one FieldSpec/GroupSpec")
        out.append((name, specs[0]))
    return tuple(out)


@cache
def item_model(model_cls: type[BaseModel], name: str) -> type[SheetModel]:
    """The sub-model class of a group field (``list[Item]``)."""
    annotation = model_cls.model_fields[name].annotation
    args = getattr(annotation, "__args__", ())
    if not args or not isinstance(args[0], type) or not issubclass(args[0], SheetModel):
        raise TypeError(f"{model_cls.__name__}.{name} is not a list of a SheetModel")
    return args[0]


@cache
def field_max_length(model_cls: type[BaseModel], name: str) -> int | None:
    for meta in model_cls.model_fields[name].metadata:
        value = getattr(meta, "max_length", None)
        if isinstance(value, int):
            return value
    return None


@cache
def _specs(model_cls: type[BaseModel]) -> dict[str, FieldSpec | GroupSpec]:
    return dict(_declared(model_cls))


@dataclass(frozen=True)
class Entry:
    """One concrete field of one sheet instance, addressed by a dotted path."""

    path: str  # "theme", "issues.0.title"
    spec: FieldSpec
    value: Any
    max_length: int | None
    group: GroupSpec | None = None
    index: int | None = None  # item index within the group

    @property
    def label(self) -> str:
        if self.group is not None and self.index is not None:
            return f"{self.group.item_title(self.index)} {self.spec.label}"
        return self.spec.label


def entries(sheet: BaseModel) -> Iterator[Entry]:
    """Every field of a sheet instance, group items expanded, in declared order."""
    cls = type(sheet)
    for name, spec in _declared(cls):
        value = getattr(sheet, name)
        if isinstance(spec, FieldSpec):
            yield Entry(name, spec, value, field_max_length(cls, name))
            continue
        sub = item_model(cls, name)
        for index, item in enumerate(value):
            for sub_name, sub_spec in _declared(sub):
                assert isinstance(sub_spec, FieldSpec), "groups do not nest"
                yield Entry(
                    f"{name}.{index}.{sub_name}",
                    sub_spec,
                    getattr(item, sub_name),
                    field_max_length(sub, sub_name),
                    spec,
                    index,
                )


def entry(sheet: BaseModel, path: str) -> Entry:
    """The field at ``path`` (``theme``, ``issues.0.title``), as :func:`entries` would give it."""
    cls = type(sheet)
    name, _, rest = path.partition(".")
    spec = _specs(cls).get(name)
    if spec is None:
        raise KeyError(path)
    if isinstance(spec, FieldSpec):
        if rest:
            raise KeyError(path)
        return Entry(name, spec, getattr(sheet, name), field_max_length(cls, name))
    index_text, _, sub_name = rest.partition(".")
    items = getattr(sheet, name)
    if not index_text.isdigit() or int(index_text) >= len(items) or str(int(index_text)) != index_text:
        raise KeyError(path)
    index = int(index_text)
    sub = item_model(cls, name)
    sub_spec = _specs(sub).get(sub_name)
    if not isinstance(sub_spec, FieldSpec):
        raise KeyError(path)
    return Entry(path, sub_spec, getattr(items[index], sub_name), field_max_length(sub, sub_name), spec, index)


def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(is_filled(v) for v in value)
    return True


def with_value(sheet: M, path: str, value: Any) -> M:
    """A validated copy of ``sheet`` with the field at ``path`` replaced."""
    data = sheet.model_dump()
    set_path(data, path, value)
    return type(sheet).model_validate(data)


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    target: Any = data
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[parts[-1]] = value


def empty_item(sheet: BaseModel, group: str) -> SheetModel:
    return item_model(type(sheet), group)()


@dataclass(frozen=True)
class PartStatus:
    part: str
    filled: int
    total: int

    @property
    def state(self) -> str:
        if self.filled == 0:
            return "empty"
        return "done" if self.filled == self.total else "partial"


def _counted(sheet: BaseModel) -> list[Entry]:
    """Entries the completeness meter counts.

    Extra empty frames are optional (the guide shows three 課題 frames; using one is fine), so a
    group item counts only when its first field is filled, or it is the first item.
    """
    out: list[Entry] = []
    for e in entries(sheet):
        if not e.spec.counted:
            continue
        if e.group is None or e.index == 0:
            out.append(e)
            continue
        first = next(x for x in entries(sheet) if x.group is e.group and x.index == e.index)
        if is_filled(first.value):
            out.append(e)
    return out


def completeness(sheet: BaseModel) -> list[PartStatus]:
    """Filled/total per numbered part, in declared order."""
    order: list[str] = []
    counts: dict[str, list[int]] = {}
    for e in _counted(sheet):
        if e.spec.part not in counts:
            order.append(e.spec.part)
            counts[e.spec.part] = [0, 0]
        counts[e.spec.part][1] += 1
        counts[e.spec.part][0] += int(is_filled(e.value))
    return [PartStatus(p, counts[p][0], counts[p][1]) for p in order]


def missing_minimum(sheet: BaseModel) -> list[Entry]:
    """Minimum-set fields that are still empty."""
    return [e for e in _counted(sheet) if e.spec.minimum and not is_filled(e.value)]


@dataclass(frozen=True)
class SheetSpec:
    """Everything the app needs to know about one kind of sheet."""

    sheet_type: str  # stable id used in files and URLs
    title: str  # the guide's name of the sheet
    model: type[SheetModel]
    icon: str  # the navigation icon (":material/...:"); the page is app_pages/<sheet_type>.py
    layout: Callable[[Any], list[Any]]  # model -> list[GridPage]
    description: str = ""
    samples: dict[str, str] = field(default_factory=dict)  # button label -> file under data/samples
    # The form as the figure's grid: rows of columns of field names (None: one column, by part).
    form_grid: tuple[tuple[tuple[str, ...], ...], ...] | None = None
    minimum_note: str = APP_MINIMUM_NOTE  # how the meter names the minimum set
    meter_title: str = "記入状況"
    jargon_check: bool = False  # show 図表8 terms found in the text (every sheet a counterpart reads)
    pdf: Callable[[Any], bytes] | None = None  # a sheet whose PDF is not its grid (the timeline chart)
    workshop: bool = True  # offered in workshops (the 予算カレンダー is a reference, not a sheet to fill there)


def spec_at(model_cls: type[BaseModel], path: str) -> FieldSpec | None:
    """The field spec a dotted path points at, or None if the path is not a field."""
    parts = path.split(".")
    specs = _specs(model_cls)
    if len(parts) == 1:
        spec = specs.get(parts[0])
        return spec if isinstance(spec, FieldSpec) else None
    if len(parts) == 3 and isinstance(specs.get(parts[0]), GroupSpec) and parts[1].isdigit():
        sub = _specs(item_model(model_cls, parts[0])).get(parts[2])
        return sub if isinstance(sub, FieldSpec) else None
    return None


def data_from_paths(model_cls: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """Rebuild model data from ``{path: value}``; group items missing in between stay empty."""
    data: dict[str, Any] = {}
    groups: dict[str, dict[int, dict[str, Any]]] = {}
    for path, value in values.items():
        parts = path.split(".")
        if len(parts) == 1:
            data[path] = value
        else:
            groups.setdefault(parts[0], {}).setdefault(int(parts[1]), {})[parts[2]] = value
    for name, items in groups.items():
        data[name] = [items.get(i, {}) for i in range(max(items) + 1)]
    return data
