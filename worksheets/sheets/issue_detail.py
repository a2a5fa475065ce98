"""課題整理シート2/2 [詳細版] (guide 図表18, DOMAIN.md §1.3, S1 L858-876).

The guide gives no separate 記載のポイント for this sheet; its placeholders are the guide's own
福岡市 記載例, shortened, so users see what kind of answer each box expects.
"""

from __future__ import annotations

from typing import Annotated

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import SAMPLE_GUIDE, FieldSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

DETAIL = "課題の詳細"
PROVIDER = "希望する事業者の役割・提案例"
MUNICIPALITY = "自治体の役割・支援内容"


class IssueDetail(SheetModel):
    issue: Annotated[
        ShortText,
        FieldSpec(
            "課題",
            kind=Kind.SHORT,
            part="課題",
            minimum=True,
            placeholder="例）外出困難な重度障がい者等の就労や社会参加の実現",
        ),
    ] = ""
    organization: Annotated[
        ShortText,
        FieldSpec("自治体・部署", kind=Kind.SHORT, part="課題", placeholder="例）〇〇市 〇〇局 〇〇部 〇〇課"),
    ] = ""
    who_troubled: Annotated[
        LongText,
        FieldSpec(
            "a.誰がどのように困っているのか",
            part=DETAIL,
            minimum=True,
            placeholder="例）・外出困難な重度障がい者等は、時間や距離、参加手段などの制約があり…",
        ),
    ] = ""
    background: Annotated[
        LongText,
        FieldSpec(
            "b. 課題募集の背景", part=DETAIL, placeholder="例）・ICTやロボット、AI、IoTなどの先端技術を活用することで…"
        ),
    ] = ""
    indicator: Annotated[
        LongText,
        FieldSpec(
            "c.改善したい指標・達成したい成果",
            part=DETAIL,
            minimum=True,
            placeholder="例）・外出困難な重度障がい者等の就労者数",
        ),
    ] = ""
    provider_role: Annotated[
        LongText,
        FieldSpec(
            "a. 事業者の役割", part=PROVIDER, placeholder="例）・提案事業の運営全般 ・提案事業で得られた成果の検証 等"
        ),
    ] = ""
    proposal_example: Annotated[
        LongText,
        FieldSpec(
            "b. 希望する提案の例示", part=PROVIDER, placeholder="例）分身ロボットやデジタルアバター…を検証する事業 など"
        ),
    ] = ""
    municipality_role: Annotated[
        LongText, FieldSpec("a. 自治体の役割", part=MUNICIPALITY, placeholder="例）・事業実施のための関係者との調整 等")
    ] = ""
    support: Annotated[
        LongText,
        FieldSpec(
            "b. 自治体から提供できる支援内容", part=MUNICIPALITY, placeholder="例）・市政だよりや市 HP での PR 等"
        ),
    ] = ""
    reference: Annotated[LongText, FieldSpec("参考", part="参考", placeholder="例）募集要項の名称とURL")] = ""
    source: Annotated[LongText, source_spec()] = ""


def layout(sheet: IssueDetail) -> list[GridPage]:
    """図表18 as a 6-column grid (three figure columns of two grid columns each)."""
    page = GridPage("課題整理シート2／2［詳細版］", "課題整理シート2/2 [詳細版]", (1,) * 6)
    page.add(Cell(0, 0, "課題整理シート2/2 [詳細版]", Role.TITLE, colspan=6))
    page.add(label_cell(sheet, "issue", 1, 0))
    page.add(value_cell(sheet, "issue", 1, 1, colspan=3))
    page.add(label_cell(sheet, "organization", 1, 4))
    page.add(value_cell(sheet, "organization", 1, 5))
    for col, heading in enumerate((DETAIL, PROVIDER, MUNICIPALITY)):
        page.add(Cell(2, 2 * col, heading, Role.HEADING, colspan=2))
    columns = (
        ("who_troubled", "background", "indicator"),
        ("provider_role", "proposal_example", None),
        ("municipality_role", "support", None),
    )
    for col, names in enumerate(columns):
        for step, name in enumerate(names):
            row = 3 + 2 * step
            if name is None:
                page.add(Cell(row, 2 * col, "", Role.NOTE, rowspan=2, colspan=2))
                continue
            page.add(prompt_cell(sheet, name, row, 2 * col, colspan=2, hint=""))
            page.add(value_cell(sheet, name, row + 1, 2 * col, colspan=2))
    page.add(label_cell(sheet, "reference", 9, 0))
    page.add(value_cell(sheet, "reference", 9, 1, colspan=5))
    page.add(label_cell(sheet, "source", 10, 0))
    page.add(value_cell(sheet, "source", 10, 1, colspan=5))
    return [page]


SPEC = SheetSpec(
    sheet_type="issue_detail",
    icon=":material/table_view:",
    title="課題整理シート［詳細版］",
    model=IssueDetail,
    layout=layout,
    description="課題の詳細、希望する事業者の役割、自治体の役割・支援内容まで書き込む詳細版です（図表18）。",
    samples={f"{SAMPLE_GUIDE}：福岡市を読み込む": "issue_detail_fukuoka.json"},
    jargon_check=True,
)
