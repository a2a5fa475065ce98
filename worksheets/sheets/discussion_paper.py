"""ディスカッションペーパー, two pages (guide 図表22, DOMAIN.md §1.5, S1 L1337-1371).

Headings and 【…】 prompts are verbatim (including the guide's 「何をを」). The guide's sample has
no box for 実施場所 (Where of 6W2H); it is added as an optional field, as DOMAIN.md suggests.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from worksheets.fiscal import month_label
from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import (
    HINT_MARK,
    SAMPLE_SEMINAR,
    FieldSpec,
    GroupSpec,
    Kind,
    SheetModel,
    SheetSpec,
    source_spec,
)
from worksheets.text import LongText, ShortText

N_MONTHS = 8
WHAT_WHOM = "官民連携で取り組む内容とその効果"
TEAM = "体制と役割"


class ScheduleRow(SheetModel):
    task: Annotated[ShortText, FieldSpec("実施事項", kind=Kind.SHORT, part="When", placeholder="例）実証の準備")] = ""
    start: Annotated[
        int | None,
        FieldSpec("開始", kind=Kind.MONTH, part="When", unit="か月目", min_value=1, max_value=N_MONTHS),
        Field(ge=1, le=N_MONTHS),
    ] = None
    end: Annotated[
        int | None,
        FieldSpec("終了", kind=Kind.MONTH, part="When", unit="か月目", min_value=1, max_value=N_MONTHS),
        Field(ge=1, le=N_MONTHS),
    ] = None

    def months(self) -> range:
        """Schedule columns the bar covers (empty if no month is set)."""
        if self.start is None and self.end is None:
            return range(0)
        first, last = sorted((self.start or self.end or 1, self.end or self.start or 1))
        return range(first, last + 1)


class DiscussionPaper(SheetModel):
    municipality: Annotated[
        ShortText,
        FieldSpec(
            "自治体名",
            "【タイトル】〇〇市区町村における△△について\n" + HINT_MARK + "タイトルの「〇〇市区町村」に入ります。",
            Kind.SHORT,
            "タイトル",
            placeholder="例）〇〇市",
        ),
    ] = ""
    theme: Annotated[
        ShortText,
        FieldSpec(
            "テーマ",
            "【タイトル】〇〇市区町村における△△について\n" + HINT_MARK + "タイトルの「△△」に入ります。",
            Kind.SHORT,
            "タイトル",
            minimum=True,
        ),
    ] = ""
    why: Annotated[
        LongText,
        FieldSpec(
            "現状・課題とその背景",
            "【どのような課題で悩んでいるのか】\n自社が関連する政策領域にて発生している課題や、自治体の活動と現場で発生している課題は何か",
            part="Why",
            minimum=True,
        ),
    ] = ""
    how: Annotated[
        LongText,
        FieldSpec(
            "課題に対する解決アプローチと基本的な考え方",
            "【どうやって課題解決を図るのか】\nスタートアップが有する技術やビジネスモデル、付加価値を活かしながら、どのように課題を解決するのか",
            part="How",
            minimum=True,
        ),
    ] = ""
    what: Annotated[
        LongText,
        FieldSpec(
            "【官民連携で何を実現したいのか】",
            "先の課題解決アプローチを行うために、官民連携でどのような事業や実証を実現するのか\n"
            "また、事業や実証を行う上で、何を目標として、どのような効果が期待できるのか",
            part="What",
            minimum=True,
        ),
    ] = ""
    whom: Annotated[
        LongText,
        FieldSpec(
            "【誰に対して効果を生みたいのか】",
            "上記の取組を行うことで、誰に対してどのようなメリットがもたらされるのか",
            part="Whom",
        ),
    ] = ""
    budget: Annotated[
        LongText,
        FieldSpec(
            "必要となる予算",
            "【どの程度の予算と規模を想定しているか】\n"
            "官民連携で取り組む内容を、どの程度の予算をかけて実行し、どれくらいの規模の事業・実証を行う想定なのか",
            part="How much",
        ),
    ] = ""
    team_municipality: Annotated[
        LongText,
        FieldSpec(
            "自治体",
            "【どんな体制で、誰が何を担うのか】\n自治体とスタートアップそれぞれについて、どのような人が参加し、"
            "それぞれが何のリソースを投下するのか\n"
            + HINT_MARK
            + "自治体に求める役割（どのような支援・リソースを提供してほしいのか）を明記しましょう。"
            "実践ガイドは、その想定を持ってアプローチすると自治体も協議に入りやすいとしています。",
            part="Who",
        ),
    ] = ""
    team_startup: Annotated[LongText, FieldSpec("スタートアップ", part="Who")] = ""
    schedule_start_month: Annotated[
        int,
        FieldSpec(
            "スケジュールの開始月", kind=Kind.NUMBER, part="When", unit="月", min_value=1, max_value=12, counted=False
        ),
        Field(ge=1, le=12),
    ] = 4
    schedule: Annotated[
        list[ScheduleRow],
        GroupSpec(
            "スケジュール",
            "実施事項{a}",
            "【いつまでに何を実現するのか】\n実施事項ごとに、いつまでに何をを行い、どのようなタイムラインで効果が創出される想定なのか",
            default_items=3,
            min_items=1,
            max_items=12,
            as_table=True,
        ),
        Field(min_length=1, max_length=12),
    ] = Field(default_factory=lambda: [ScheduleRow() for _ in range(3)])
    where: Annotated[
        LongText,
        FieldSpec(
            "実施場所",
            HINT_MARK + "6W2H の Where：実証フィールドや施設など、どこで実施するのか（図表22の様式にはない、本アプリの追加項目）",
            part="Where",
        ),
    ] = ""
    source: Annotated[LongText, source_spec()] = ""

    @property
    def title(self) -> str:
        return f"{self.municipality or '〇〇市区町村'}における{self.theme or '△△'}について"


def _page_one(sheet: DiscussionPaper) -> GridPage:
    page = GridPage("ディスカッションペーパー1", "ディスカッションペーパー（1/2）", (1, 2, 1, 2))
    page.add(Cell(0, 0, f"【タイトル】{sheet.title}", Role.TITLE, colspan=4))
    page.add(label_cell(sheet, "municipality", 1, 0))
    page.add(value_cell(sheet, "municipality", 1, 1))
    page.add(label_cell(sheet, "theme", 1, 2))
    page.add(value_cell(sheet, "theme", 1, 3))
    page.add(Cell(2, 0, "現状・課題とその背景", Role.HEADING, colspan=2))
    page.add(Cell(2, 2, WHAT_WHOM, Role.HEADING, colspan=2))
    page.add(prompt_cell(sheet, "why", 3, 0, colspan=2, heading=""))
    page.add(prompt_cell(sheet, "what", 3, 2, colspan=2))
    page.add(value_cell(sheet, "why", 4, 0, colspan=2))
    page.add(value_cell(sheet, "what", 4, 2, colspan=2))
    page.add(Cell(5, 0, "課題に対する解決アプローチと基本的な考え方", Role.HEADING, colspan=2))
    page.add(prompt_cell(sheet, "whom", 5, 2, colspan=2))
    page.add(prompt_cell(sheet, "how", 6, 0, colspan=2, heading=""))
    page.add(value_cell(sheet, "whom", 6, 2, colspan=2, rowspan=2))
    page.add(value_cell(sheet, "how", 7, 0, colspan=2))
    return page


def _page_two(sheet: DiscussionPaper) -> GridPage:
    n = 5 + N_MONTHS
    page = GridPage("ディスカッションペーパー2", "ディスカッションペーパー（2/2）", (2, 1, 1, 1, 1) + (1,) * N_MONTHS)
    page.add(Cell(0, 0, f"【タイトル】{sheet.title}", Role.TITLE, colspan=n))
    page.add(Cell(1, 0, "必要となる予算", Role.HEADING, colspan=5))
    page.add(Cell(1, 5, TEAM, Role.HEADING, colspan=N_MONTHS))
    page.add(prompt_cell(sheet, "budget", 2, 0, colspan=5, heading=""))
    page.add(prompt_cell(sheet, "team_municipality", 2, 5, colspan=4))
    page.add(prompt_cell(sheet, "team_startup", 2, 9, colspan=4))
    page.add(value_cell(sheet, "budget", 3, 0, colspan=5))
    page.add(value_cell(sheet, "team_municipality", 3, 5, colspan=4))
    page.add(value_cell(sheet, "team_startup", 3, 9, colspan=4))
    group = DiscussionPaper.model_fields["schedule"].metadata[0]
    assert isinstance(group, GroupSpec)
    page.add(Cell(4, 0, "スケジュール", Role.HEADING, colspan=n))
    page.add(Cell(5, 0, group.hint, Role.PROMPT, colspan=n - 2))
    page.add(label_cell(sheet, "schedule_start_month", 5, n - 2))
    page.add(value_cell(sheet, "schedule_start_month", 5, n - 1))
    page.add(label_cell(sheet, "schedule.0.task", 6, 0, colspan=2))
    page.add(label_cell(sheet, "schedule.0.start", 6, 2))
    page.add(label_cell(sheet, "schedule.0.end", 6, 3, colspan=2))
    for column in range(1, N_MONTHS + 1):
        page.add(Cell(6, 4 + column, month_label(sheet.schedule_start_month, column), Role.LABEL))
    for index, row in enumerate(sheet.schedule):
        r = 7 + index
        page.add(Cell(r, 0, group.item_title(index), Role.LABEL))
        page.add(value_cell(sheet, f"schedule.{index}.task", r, 1))
        page.add(value_cell(sheet, f"schedule.{index}.start", r, 2))
        page.add(value_cell(sheet, f"schedule.{index}.end", r, 3, colspan=2))
        active = row.months()
        for column in range(1, N_MONTHS + 1):
            role = Role.BAR if column in active else Role.NOTE
            page.add(Cell(r, 4 + column, "", role))
    r = 7 + len(sheet.schedule)
    page.add(label_cell(sheet, "where", r, 0))
    page.add(value_cell(sheet, "where", r, 1, colspan=n - 1))
    page.add(label_cell(sheet, "source", r + 1, 0))
    page.add(value_cell(sheet, "source", r + 1, 1, colspan=n - 1))
    return page


def layout(sheet: DiscussionPaper) -> list[GridPage]:
    return [_page_one(sheet), _page_two(sheet)]


SPEC = SheetSpec(
    sheet_type="discussion_paper",
    icon=":material/forum:",
    title="ディスカッションペーパー",
    model=DiscussionPaper,
    layout=layout,
    description=(
        "自治体職員との対話のたたき台を、6W2H（Why / How / What・Whom / How much・When・Who・Where）で2枚にまとめます（図表22）。"
        "営業資料ではなく、課題が本当にあるかを確かめ、一次情報を集めるための資料です。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市と企業（NEC）の健康アプリを読み込む": "discussion_paper_iwata.json"},
    form_grid=(
        (("municipality",), ("theme",)),
        (("why", "how"), ("what", "whom")),
        (("budget",), ("team_municipality", "team_startup")),
        (("schedule_start_month",),),
        (("schedule",),),
        (("where",),),
        (("source",),),
    ),
    meter_title="6W2H チェック",
    jargon_check=True,
)
