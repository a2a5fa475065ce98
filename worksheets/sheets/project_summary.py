"""事業概要資料 (issue 18; guide 第4章（1）⑤「官民連携の段階に合わせて、必要な資料を使い分ける」; DOMAIN.md §4.6).

The 1–2 page document for 予算要求 explanations: 事業目的・事業概要・事業スキーム（対象者・予算執行対象行為）・
成果目標, assembled by carry-over from the canvas, the paper and the 三方よしマップ (editable afterwards).
Its PDF (worksheets.formats.summary_pdf): the text (page 1), the 三方よし diagram (page 2), then the three
benefits in full and the 出典 (the diagram shortens long text).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.reference import EXIT_CHOICES, ExitChoice, exit_choice
from worksheets.spec import HINT_MARK, SAMPLE_SEMINAR, FieldSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

BASIC = "基本情報"
BODY = "事業の内容"
SANPO = "三方よし"
CITE = "（実践ガイド 第4章（1）⑤「官民連携の段階に合わせて、必要な資料を使い分ける」より）"
PURPOSE_HINT = (
    "事業目的や事業概要といった、官民連携を通じて創出する事業の内容や、対象者・予算執行対象行為等の事業スキーム、"
    "事業を通じて創出する成果目標などを、1~2枚程度の資料にまとめます。\n" + CITE
)
SANPO_HINT = HINT_MARK + "三方よしマップから取り込むと、2ページ目に三方よしの図が入ります。"


def _side(side: str, hint: str = "") -> FieldSpec:
    return FieldSpec(f"{side}のメリット", hint, part=SANPO)


class ProjectSummary(SheetModel):
    project: Annotated[ShortText, FieldSpec("事業名", kind=Kind.SHORT, part=BASIC, minimum=True)] = ""
    municipality: Annotated[ShortText, FieldSpec("自治体名", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市")] = (
        ""
    )
    department: Annotated[ShortText, FieldSpec("担当課", kind=Kind.SHORT, part=BASIC)] = ""
    company: Annotated[ShortText, FieldSpec("連携する事業者", kind=Kind.SHORT, part=BASIC)] = ""
    purpose: Annotated[LongText, FieldSpec("事業目的", PURPOSE_HINT, part=BODY, minimum=True)] = ""
    overview: Annotated[LongText, FieldSpec("事業概要", part=BODY, minimum=True)] = ""
    target: Annotated[LongText, FieldSpec("事業スキーム：対象者", part=BODY, minimum=True)] = ""
    actions: Annotated[
        LongText,
        FieldSpec(
            "事業スキーム：予算執行対象行為",
            HINT_MARK + "予算で何を行うか（委託、購入、補助など）と、その歳出科目を書きます。",
            part=BODY,
        ),
    ] = ""
    budget: Annotated[LongText, FieldSpec("予算の規模", part=BODY)] = ""
    goals: Annotated[LongText, FieldSpec("成果目標", part=BODY, minimum=True)] = ""
    exit: Annotated[
        ExitChoice,
        BeforeValidator(exit_choice),
        FieldSpec("出口", kind=Kind.CHOICE, part=SANPO, choices=EXIT_CHOICES),
    ] = ""
    society: Annotated[LongText, _side("社会（地域内の利害関係者）", SANPO_HINT)] = ""
    private: Annotated[LongText, _side("民間（スタートアップ）")] = ""
    public: Annotated[LongText, _side("行政（自治体）")] = ""
    source: Annotated[LongText, source_spec()] = ""


def layout(sheet: ProjectSummary) -> list[GridPage]:
    page = GridPage("事業概要資料", "事業概要資料", (1, 2, 1, 2))
    page.add(Cell(0, 0, f"事業概要資料：{sheet.project or '（事業名：未記入）'}", Role.TITLE, colspan=4))
    page.add(label_cell(sheet, "project", 1, 0))
    page.add(value_cell(sheet, "project", 1, 1, colspan=3))
    for row, (left, right) in enumerate((("municipality", "department"), ("company", "exit")), start=2):
        page.add(label_cell(sheet, left, row, 0))
        page.add(value_cell(sheet, left, row, 1))
        page.add(label_cell(sheet, right, row, 2))
        page.add(value_cell(sheet, right, row, 3))
    row = 4
    for name in ("purpose", "overview"):
        page.add(prompt_cell(sheet, name, row, 0, colspan=4, hint=""))
        page.add(value_cell(sheet, name, row + 1, 0, colspan=4))
        row += 2
    page.add(Cell(row, 0, "事業スキーム", Role.HEADING, colspan=4))
    page.add(prompt_cell(sheet, "target", row + 1, 0, colspan=2, hint=""))
    page.add(prompt_cell(sheet, "actions", row + 1, 2, colspan=2, hint=""))
    page.add(value_cell(sheet, "target", row + 2, 0, colspan=2))
    page.add(value_cell(sheet, "actions", row + 2, 2, colspan=2))
    row += 3
    page.add(prompt_cell(sheet, "budget", row, 0, colspan=2, hint=""))
    page.add(prompt_cell(sheet, "goals", row, 2, colspan=2, hint=""))
    page.add(value_cell(sheet, "budget", row + 1, 0, colspan=2))
    page.add(value_cell(sheet, "goals", row + 1, 2, colspan=2))
    sanpo = GridPage("三方よし", "事業概要資料（三方よし）", (1, 3))
    sanpo.add(Cell(0, 0, "三方よし", Role.HEADING, colspan=2))
    for row, name in enumerate(("society", "private", "public", "source"), start=1):
        sanpo.add(label_cell(sheet, name, row, 0))
        sanpo.add(value_cell(sheet, name, row, 1))
    return [page, sanpo]


def sanpo_map(sheet: ProjectSummary) -> Any:
    """The 三方よしマップ the diagram draws: the summary's project, exit and the three benefits."""
    from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap

    return SanpoYoshiMap(
        project=sheet.project,
        exit=sheet.exit,
        society_benefits=sheet.society,
        private_benefits=sheet.private,
        public_benefits=sheet.public,
    )


def render_pdf(doc: Any) -> bytes:
    from worksheets.formats.summary_pdf import render

    return render(doc.sheet)


SPEC = SheetSpec(
    sheet_type="project_summary",
    icon=":material/description:",
    title="事業概要資料",
    model=ProjectSummary,
    layout=layout,
    description=(
        "課題と連携形態がある程度決まった段階で、予算要求に向けて上長や財務担当部局へ説明するための資料を、"
        "1~2枚程度にまとめます（実践ガイド 第4章（1）⑤）。キャンバス・ディスカッションペーパー・三方よしマップから"
        "取り込み、取り込んだ後も編集できます。PDF は A4 で、2ページ目に三方よしの図が入ります。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市と企業（NEC）の健康アプリを読み込む": "project_summary_iwata.json"},
    form_grid=(
        (("project",),),
        (("municipality",), ("department",), ("company",)),
        (("purpose",),),
        (("overview",),),
        (("target",), ("actions",)),
        (("budget",), ("goals",)),
        (("exit",),),
        (("society",), ("private",), ("public",)),
        (("source",),),
    ),
    pdf=render_pdf,
    jargon_check=True,
)
