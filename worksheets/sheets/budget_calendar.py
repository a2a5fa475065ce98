"""予算カレンダー: the budget-calendar dates of one 自治体 (default: data/default_calendar.json).

The guide's figures of the budget schedule (図表11, 図表28) are missing from its text; every
default here comes from its prose (DOMAIN.md §3.1) and is a 目安.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from worksheets.fiscal import CalendarRules, parse_month_day, parse_months
from worksheets.layout import Cell, GridPage, Role, label_cell, value_cell
from worksheets.spec import FieldSpec, Kind, SheetModel, SheetSpec, declared
from worksheets.text import LongText, ShortText

DEFAULTS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "default_calendar.json").read_text(encoding="utf-8")
)
PART = "日程"


def _month_day(text: str) -> str:
    parse_month_day(text)
    return text


def _months(text: str) -> str:
    parse_months(text)
    return text


MonthDay = Annotated[ShortText, AfterValidator(_month_day)]
Month = Annotated[int, Field(ge=1, le=12)]


def _month(label: str, hint: str = "") -> FieldSpec:
    return FieldSpec(label, hint, Kind.NUMBER, PART, unit="月", min_value=1, max_value=12)


def _day(label: str, hint: str) -> FieldSpec:
    return FieldSpec(label, hint, Kind.SHORT, PART, placeholder="例）10/31")


class BudgetCalendar(SheetModel):
    name: Annotated[
        ShortText, FieldSpec("カレンダーの名前（自治体名など）", kind=Kind.SHORT, part="名前", minimum=True)
    ] = DEFAULTS["name"]
    dialogue_start_month: Annotated[
        Month, _month("対話の開始月", "「…例えば5～8月にかけて対話を行う必要がある…」（実践ガイド 第2章(3)）")
    ] = DEFAULTS["dialogue_start_month"]
    dialogue_end_month: Annotated[Month, _month("対話の終了月")] = DEFAULTS["dialogue_end_month"]
    first_contact_deadline: Annotated[
        MonthDay,
        _day("初回接触の期限（月/日）", "「…初めてコンタクトを取るのは8月よりも前になるのが一般的…」（実践ガイド 第4章(2)⑤予算化）"),
    ] = DEFAULTS["first_contact_deadline"]
    agreement_deadline: Annotated[
        MonthDay,
        _day(
            "枠組み合意の期限（月/日）",
            "「…各部局が予算要求を完了して部局長や首長の査定にまわし始める前の10月までには、官民連携の枠組みや内容を擦り合わせ終わっておく必要…」（実践ガイド 第4章(2)⑤予算化）",
        ),
    ] = DEFAULTS["agreement_deadline"]
    request_deadline: Annotated[
        MonthDay,
        _day("予算要求の締切（月/日）", "「…おおよそ9～10月までには各担当課からの予算要求内容が固まり…」（実践ガイド 第2章(3)）"),
    ] = DEFAULTS["request_deadline"]
    assessment_end: Annotated[
        MonthDay, _day("査定の終了（月/日）", "「…12月までに査定による調整が入り…」（実践ガイド 第2章(3)）")
    ] = DEFAULTS["assessment_end"]
    proposal_month: Annotated[Month, _month("予算案の公表月", "「…年明け2月頃には予算案が公表され…」（実践ガイド 第2章(3)）")] = (
        DEFAULTS["proposal_month"]
    )
    vote_month: Annotated[Month, _month("議会で議決される月", "「…3月の議会において予算が確定…」（実践ガイド 第2章(3)）")] = DEFAULTS[
        "vote_month"
    ]
    supplementary_months: Annotated[
        ShortText,
        AfterValidator(_months),
        FieldSpec(
            "補正予算の編成月",
            "「一般的に、3の倍数月に編成され…」（実践ガイド 第4章(2)⑤予算化）。必ず編成されるとは限りません。",
            Kind.SHORT,
            PART,
            placeholder="例）3,6,9,12",
        ),
    ] = DEFAULTS["supplementary_months"]
    procurement_months: Annotated[
        int,
        Field(ge=1, le=12),
        FieldSpec(
            "企画競争の期間（公示→事業者決定、か月）",
            "「…公示から事業者決定まで2～3か月…」（実践ガイド 第2章(3)）",
            Kind.NUMBER,
            PART,
            unit="か月",
            min_value=1,
            max_value=12,
        ),
    ] = DEFAULTS["procurement_months"]
    note: Annotated[LongText, FieldSpec("メモ（出典・確認日など）", part="メモ")] = DEFAULTS["note"]

    def rules(self) -> CalendarRules:
        return CalendarRules(
            name=self.name,
            dialogue_start_month=self.dialogue_start_month,
            dialogue_end_month=self.dialogue_end_month,
            first_contact=parse_month_day(self.first_contact_deadline),
            agreement=parse_month_day(self.agreement_deadline),
            request=parse_month_day(self.request_deadline),
            assessment=parse_month_day(self.assessment_end),
            proposal_month=self.proposal_month,
            vote_month=self.vote_month,
            supplementary_months=parse_months(self.supplementary_months),
            procurement_months=self.procurement_months,
        )


def layout(sheet: BudgetCalendar) -> list[GridPage]:
    page = GridPage("予算カレンダー", "予算カレンダー", (2, 1, 3))
    page.add(Cell(0, 0, "予算カレンダー（目安）", Role.TITLE, colspan=3))
    for row, (name, spec) in enumerate(declared(BudgetCalendar), start=1):
        assert isinstance(spec, FieldSpec)
        page.add(label_cell(sheet, name, row, 0))
        page.add(value_cell(sheet, name, row, 1, colspan=1 if name != "note" else 2))
        if name != "note":
            page.add(Cell(row, 2, spec.hint, Role.NOTE))
    return [page]


SPEC = SheetSpec(
    sheet_type="budget_calendar",
    workshop=False,
    icon=":material/event_note:",
    title="予算カレンダー",
    model=BudgetCalendar,
    layout=layout,
    description=(
        "自治体の予算編成の日程（目安）です。自治体ごとに日付を変えて保存し、タイムラインで使えます。"
        "「※上記はあくまで一般的なスケジュールで、自治体や年度によって多少前後します」（実践ガイド 図表28の注）"
    ),
)
