"""課題整理シート 1/2 and 2/2 (guide 図表16・17, DOMAIN.md §1.1–1.2).

Why ①ありたい姿: the guide's extracted text labels both ありたい姿 and 課題 as ④ while asking to
fill 「①から順に」; the product issue names the ありたい姿 ① (fill it first, ゼロベース), so that is
the label used here. All 記載のポイント text is verbatim from the guide (S1 L826-856); the 課題 tips
are the guide's 第3章(2)① 1. (S1 L805-811).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

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
from worksheets.text import Lines, LongText, ShortText

HEADER = "テーマ・担当"
POINT = "テーマに関し、①から順に記載ください。"

ISSUE_HINT = (
    "・ギャップを埋めるためにやるべきことを記載ください。\n"
    "・課題が複数ある場合は、ひとまとめにせず、課題2、課題3の枠を使用してください。\n"
    "※更に多い場合は枠を増やして記載ください。"
)
# The guide's advice on setting a 課題 (第3章(2)① 1. and 2.), quoted whole or abridged with 「…」.
ISSUE_TIPS = (
    "…そのギャップとして考えられる課題を複数考え、官民連携によって解決可能性がありそうなものを設定し、…\n"
    "地域の特性やニーズを正確に理解することで、具体的かつ現実的な課題を明確にすることができます。\n"
    "また、課題設定を行う際には、部署の施策から一度離れることもポイントとなります。"
    "例えば、「保育園が不足している」という課題設定をしてしまうと、保育園という行政サービスありきの考え方になってしまいます。"
    "ここから少し抽象化すると、「働きながら未就学児を安心して預けられる場やサービスが不足している」と言い換えることができ、"
    "解決の方法は保育園以外にも考えられるようになります。\n"
    "（実践ガイド 第3章（2）①「課題特定・企画 段階」より）"
)


class IssueItem(SheetModel):
    """One 課題 with its ⑤不足 and ⑥強み (page 2/2 links each row to page 1/2)."""

    title: Annotated[LongText, FieldSpec("④課題", ISSUE_TIPS, part="④課題", minimum=True)] = ""
    shortage: Annotated[
        LongText,
        FieldSpec(
            "⑤不足",
            "・課題をクリアするために、自治体内の強みだけで対応できないことを記載ください。\n"
            "※以下、各課題に対する不足を記載ください。",
            part="⑤不足",
        ),
    ] = ""
    strengths: Annotated[
        Lines,
        FieldSpec(
            "⑥強み",
            "・課題1に対して、自治体内の強みを発揮できる場合、その強みを記載ください。\n"
            "・できるだけ多く記載してみましょう。\n"
            "※以下、各課題に対する強みを記載ください。",
            kind=Kind.LINES,
            part="⑥強み",
            placeholder="1行に1つずつ記載",
        ),
    ] = Field(default_factory=list)


class IssueSheet(SheetModel):
    theme: Annotated[
        ShortText,
        FieldSpec("テーマ", "取り組むテーマを簡潔に記載ください", Kind.SHORT, HEADER, minimum=True),
    ] = ""
    municipality: Annotated[ShortText, FieldSpec("自治体名", kind=Kind.SHORT, part=HEADER, placeholder="〇〇市")] = ""
    department: Annotated[ShortText, FieldSpec("課名", kind=Kind.SHORT, part=HEADER, placeholder="〇〇課")] = ""
    person: Annotated[ShortText, FieldSpec("担当者名", kind=Kind.SHORT, part=HEADER)] = ""
    years: Annotated[
        int | None,
        FieldSpec(
            "〇年後",
            HINT_MARK + "何年後のありたい姿かを数字で記載ください。",
            Kind.NUMBER,
            "①ありたい姿",
            unit="年後",
            min_value=1,
            max_value=100,
        ),
        Field(ge=1, le=100),
    ] = None
    ideal: Annotated[
        LongText,
        FieldSpec(
            "【ありたい姿】",
            "・担当者の考える理想の状態を記載ください。\n"
            "※現在の延長線で考えるのではなく、ゼロベースで検討し、記載ください。",
            part="①ありたい姿",
            minimum=True,
        ),
    ] = ""
    past_work: Annotated[
        LongText,
        FieldSpec(
            "【これまでの取組】",
            "・テーマに関するこれまでの取組を記載ください。\n"
            "・実施内容、実施状況、対象者、人数等具体的に記載ください。",
            part="②現状",
        ),
    ] = ""
    situation: Annotated[
        LongText,
        FieldSpec(
            "【状態】",
            "以下のような点について記載ください\n"
            "・どのような現象が起きているのか\n"
            "・どのような問題が起きているのか\n"
            "・誰が困っているのか\n"
            "・問題が起きている原因は何か 等",
            part="②現状",
            minimum=True,
        ),
    ] = ""
    if_continued: Annotated[
        LongText,
        FieldSpec(
            "【取組を継続した場合】",
            "・これまでの取組を継続した場合、どのような状態になると考えられるか記載ください。\n"
            "・現に起きている問題は解決されるのか、また、新たな問題が発生するのか記載ください。",
            part="③ギャップ",
        ),
    ] = ""
    gap: Annotated[
        LongText,
        FieldSpec(
            "【ギャップ】",
            "・現在の取組を継続した結果、ありたい姿にたどり着かない場合に記載ください。\n"
            "・ありたい姿と現状のギャップを記載ください。",
            part="③ギャップ",
        ),
    ] = ""
    issues: Annotated[
        list[IssueItem],
        GroupSpec(
            "④課題（ありたい姿と現状とのギャップを埋めるために取り組むべきこと）",
            "課題{n}",
            ISSUE_HINT,
            default_items=3,
            min_items=1,
            max_items=20,
        ),
        Field(min_length=1, max_length=20),
    ] = Field(default_factory=lambda: [IssueItem() for _ in range(3)])
    source: Annotated[LongText, source_spec()] = ""


def _header(page: GridPage, sheet: IssueSheet, with_author: bool) -> int:
    theme = value_cell(sheet, "theme", 1, 1, colspan=5, linked=with_author)
    page.add(label_cell(sheet, "theme", 1, 0))
    page.add(theme)
    page.add(Cell(2, 0, f"記載のポイント　{POINT}", Role.NOTE, colspan=6))
    if not with_author:
        return 3
    for i, name in enumerate(("municipality", "department", "person")):
        page.add(label_cell(sheet, name, 3, 2 * i))
        page.add(value_cell(sheet, name, 3, 2 * i + 1))
    return 4


def layout(sheet: IssueSheet) -> list[GridPage]:
    """図表16 (1/2) and 図表17 (2/2) as 6-column grids."""
    one = GridPage("課題整理シート1／2", "課題整理シート1/2", (1,) * 6)
    one.add(Cell(0, 0, "課題整理シート1/2", Role.TITLE, colspan=6))
    r = _header(one, sheet, with_author=True)
    one.add(Cell(r, 0, "②現状", Role.HEADING, colspan=2))
    one.add(Cell(r, 2, "③ギャップ", Role.HEADING, colspan=2))
    one.add(Cell(r, 4, "①ありたい姿：", Role.HEADING))
    one.add(value_cell(sheet, "years", r, 5))
    one.add(prompt_cell(sheet, "past_work", r + 1, 0, colspan=2))
    one.add(prompt_cell(sheet, "if_continued", r + 1, 2, colspan=2))
    one.add(prompt_cell(sheet, "ideal", r + 1, 4, colspan=2))
    one.add(value_cell(sheet, "past_work", r + 2, 0, colspan=2))
    one.add(value_cell(sheet, "if_continued", r + 2, 2, colspan=2))
    one.add(value_cell(sheet, "ideal", r + 2, 4, colspan=2, rowspan=3))
    one.add(prompt_cell(sheet, "situation", r + 3, 0, colspan=2))
    one.add(prompt_cell(sheet, "gap", r + 3, 2, colspan=2))
    one.add(value_cell(sheet, "situation", r + 4, 0, colspan=2))
    one.add(value_cell(sheet, "gap", r + 4, 2, colspan=2))
    r += 5
    group = IssueSheet.model_fields["issues"].metadata[0]
    assert isinstance(group, GroupSpec)
    one.add(Cell(r, 0, group.label, Role.HEADING, colspan=6))
    r += 1
    for start in range(0, len(sheet.issues), 3):
        for offset, index in enumerate(range(start, min(start + 3, len(sheet.issues)))):
            path = f"issues.{index}.title"
            hint = ISSUE_HINT if index == 0 else ""
            one.add(prompt_cell(sheet, path, r, 2 * offset, colspan=2, heading=group.item_title(index), hint=hint))
            one.add(value_cell(sheet, path, r + 1, 2 * offset, colspan=2))
        r += 2
    one.add(label_cell(sheet, "source", r, 0))
    one.add(value_cell(sheet, "source", r, 1, colspan=5))

    two = GridPage("課題整理シート2／2", "課題整理シート2/2", (1,) * 6)
    two.add(Cell(0, 0, "課題整理シート2/2", Role.TITLE, colspan=6))
    r = _header(two, sheet, with_author=False)
    two.add(Cell(r, 0, "④課題", Role.HEADING, colspan=2))
    two.add(Cell(r, 2, "⑤不足", Role.HEADING, colspan=2))
    two.add(Cell(r, 4, "⑥強み", Role.HEADING, colspan=2))
    two.add(Cell(r + 1, 0, "1/2の④課題を表示しています（編集は1/2で）。", Role.NOTE, colspan=2))
    two.add(prompt_cell(sheet, "issues.0.shortage", r + 1, 2, colspan=2, heading=""))
    two.add(prompt_cell(sheet, "issues.0.strengths", r + 1, 4, colspan=2, heading=""))
    r += 2
    for index, item in enumerate(sheet.issues):
        two.add(Cell(r, 0, item.title, Role.VALUE, colspan=2, heading=group.item_title(index)))
        two.add(value_cell(sheet, f"issues.{index}.shortage", r, 2, colspan=2))
        two.add(value_cell(sheet, f"issues.{index}.strengths", r, 4, colspan=2))
        r += 1
    return [one, two]


SPEC = SheetSpec(
    sheet_type="issue_sheet",
    icon=":material/edit_note:",
    title="課題整理シート",
    model=IssueSheet,
    layout=layout,
    description=(
        "ありたい姿と現状のギャップから課題を整理し、各課題の不足と強みを書き出します（図表16・17）。"
        f"\n\n**記載のポイント**　{POINT}"
    ),
    samples={f"{SAMPLE_SEMINAR}：かすみがうら市の歯科健診を読み込む": "issue_sheet_kasumigaura.json"},
    jargon_check=True,
)
