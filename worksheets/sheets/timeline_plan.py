"""タイムライン: the inputs of the budget verdict and chart (DOMAIN.md §3).

The chosen 予算カレンダー and ディスカッションペーパー are draft ids the page sets (hidden fields), and
their values are embedded too (hidden JSON fields), so a file sent to a colleague keeps its calendar
and the paper's schedule. worksheets.timeline_resolve turns a plan into what every caller shows.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from worksheets.fiscal import Budget, Procurement
from worksheets.layout import Cell, GridPage, Role, label_cell, value_cell
from worksheets.reference import EXIT_OR_UNDECIDED, ExitOrUndecided, exit_or_undecided
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.spec import FieldSpec, GroupSpec, Kind, SheetModel, SheetSpec, declared
from worksheets.text import LongText, ShortText

BUDGET = tuple(b.value for b in Budget)  # the wording lives in worksheets.fiscal.Budget only
EXITS = EXIT_OR_UNDECIDED  # built once in worksheets.reference from data/exits.json


def calendar_json(sheet: BudgetCalendar) -> str:
    """The calendar's dates as embedded in a plan (the free-text メモ is left out)."""
    return json.dumps(sheet.model_dump(mode="json", exclude={"note"}), ensure_ascii=False)


def paper_json(sheet: DiscussionPaper) -> str:
    """What the chart needs of a paper: its theme and schedule."""
    data = sheet.model_dump(mode="json", include={"municipality", "theme", "schedule_start_month", "schedule"})
    return json.dumps(data, ensure_ascii=False)


def embedded_calendar(text: str) -> BudgetCalendar | None:
    return BudgetCalendar.model_validate(json.loads(text)) if text else None


def embedded_paper(text: str) -> DiscussionPaper | None:
    return DiscussionPaper.model_validate(json.loads(text)) if text else None


def _valid_calendar(text: str) -> str:
    try:
        embedded_calendar(text)
    except (ValueError, ValidationError):
        raise ValueError("埋め込まれた予算カレンダーの値が正しくありません") from None
    return text


def _valid_paper(text: str) -> str:
    try:
        embedded_paper(text)
    except (ValueError, ValidationError):
        raise ValueError("埋め込まれたディスカッションペーパーのスケジュールが正しくありません") from None
    return text

PROCUREMENT = tuple(p.value for p in Procurement)  # the wording lives in worksheets.fiscal.Procurement only
# The fields hold plain text (what the widgets show and the files save); the code compares it with the enums.
if TYPE_CHECKING:  # the choices are built at import, so they are Literals mypy cannot spell
    BudgetChoice = str
    ProcurementChoice = str
else:  # pydantic refuses anything else
    BudgetChoice = Literal[BUDGET]
    ProcurementChoice = Literal[PROCUREMENT]


class Milestone(SheetModel):
    label: Annotated[
        ShortText, FieldSpec("内容", kind=Kind.SHORT, part="マイルストーン", placeholder="例）庁内説明")
    ] = ""
    day: Annotated[date | None, FieldSpec("日付", kind=Kind.DATE, part="マイルストーン")] = None


class TimelinePlan(SheetModel):
    project: Annotated[ShortText, FieldSpec("提案・事業名", kind=Kind.SHORT, part="提案", minimum=True)] = ""
    municipality: Annotated[ShortText, FieldSpec("相手の自治体", kind=Kind.SHORT, part="提案")] = ""
    first_contact: Annotated[
        date | None,
        FieldSpec("初回接触の日", "空欄のときは今日の日付で判定します。", Kind.DATE, "予算の判定"),
    ] = None
    exit: Annotated[
        ExitOrUndecided,
        BeforeValidator(exit_or_undecided),
        FieldSpec(
            "出口",
            "出口①はふつう自治体の予算が必要です。②・③は予算が要らない場合もあります。",
            Kind.CHOICE,
            "予算の判定",
            choices=EXITS,
            counted=False,
        ),
    ] = "未定"
    needs_budget: Annotated[
        BudgetChoice,
        FieldSpec(
            "自治体の予算",
            f"当初予算で予算化する計画なら「{Budget.NEEDED}」。",
            Kind.CHOICE,
            "予算の判定",
            choices=BUDGET,
            counted=False,
        ),
    ] = Budget.NEEDED.value
    procurement: Annotated[
        ProcurementChoice,
        FieldSpec(
            "調達の方法",
            "企画競争は「…公示から事業者決定まで2～3か月…」（実践ガイド 第2章(3)）。",
            Kind.CHOICE,
            "予算の判定",
            choices=PROCUREMENT,
            counted=False,
        ),
    ] = Procurement.UNDECIDED.value
    procurement_months: Annotated[
        int | None,
        FieldSpec(
            "調達にかかる期間",
            "公示から事業者決定までの期間（目安）。チャートに帯で示します。空欄で企画競争なら、予算カレンダーの「企画競争の期間」（既定は3か月）で描き、事業者決定の時期も示します。",
            Kind.NUMBER,
            "予算の判定",
            unit="か月",
            min_value=1,
            max_value=24,
            counted=False,
        ),
        Field(ge=1, le=24),
    ] = None
    desired_start: Annotated[
        date | None,
        FieldSpec(
            "希望する開始時期",
            "この時期に始めたい年度と、予算編成で間に合う最短の年度を比べて判定します。",
            Kind.DATE,
            "予算の判定",
        ),
    ] = None
    calendar_id: Annotated[
        ShortText, FieldSpec("予算カレンダー（下書きID）", kind=Kind.SHORT, part="設定", hidden=True, counted=False)
    ] = ""
    paper_id: Annotated[
        ShortText,
        FieldSpec("ディスカッションペーパー（下書きID）", kind=Kind.SHORT, part="設定", hidden=True, counted=False),
    ] = ""
    calendar_values: Annotated[
        LongText,
        AfterValidator(_valid_calendar),
        FieldSpec("予算カレンダー（埋め込み）", kind=Kind.LONG, part="設定", hidden=True, counted=False),
    ] = ""
    paper_values: Annotated[
        LongText,
        AfterValidator(_valid_paper),
        FieldSpec(
            "ディスカッションペーパーのスケジュール（埋め込み）", kind=Kind.LONG, part="設定", hidden=True, counted=False
        ),
    ] = ""
    milestones: Annotated[
        list[Milestone],
        GroupSpec(
            "マイルストーン",
            "マイルストーン{n}",
            "庁内説明や実証の開始など、自分の予定を加えます。",
            default_items=2,
            min_items=1,
            max_items=20,
            as_table=True,
        ),
        Field(min_length=1, max_length=20),
    ] = Field(default_factory=lambda: [Milestone() for _ in range(2)])


def layout(sheet: TimelinePlan) -> list[GridPage]:
    """The inputs as a table (the chart itself is drawn by worksheets.formats.timeline_pdf)."""
    page = GridPage("タイムライン", "タイムライン", (2, 3))
    page.add(Cell(0, 0, "タイムライン（入力）", Role.TITLE, colspan=2))
    row = 1
    for name, spec in declared(TimelinePlan):
        if isinstance(spec, GroupSpec):
            continue
        page.add(label_cell(sheet, name, row, 0))
        page.add(value_cell(sheet, name, row, 1))
        row += 1
    for index in range(len(sheet.milestones)):
        page.add(value_cell(sheet, f"milestones.{index}.label", row, 0))
        page.add(value_cell(sheet, f"milestones.{index}.day", row, 1))
        row += 1
    return [page]


def render_pdf(doc: Any) -> bytes:
    """The PDF every caller prints (page, workshop bundle, viewer, CLI): the plan's embedded calendar
    and paper, today's date."""
    from worksheets.formats.timeline_pdf import render_plan

    return render_plan(doc.sheet, date.today())


SPEC = SheetSpec(
    sheet_type="timeline_plan",
    icon=":material/calendar_month:",
    title="タイムライン",
    model=TimelinePlan,
    layout=layout,
    description=(
        "提案を自治体の予算編成スケジュールに重ね、どの年度の当初予算に間に合うか（目安）と、これからの期限を示します。"
        "予算の流れを逃すと1年待つことになり、その間に担当者が異動することもあります（実践ガイド p.25, p.29, p.81–83）。"
    ),
    pdf=render_pdf,
)
