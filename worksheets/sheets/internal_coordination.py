"""庁内調整シート (guide 第3章（2）③ 調整・意思決定段階, DOMAIN.md §4.2).

The departments involved, 「これまでとどう違うのか、何が違うのか」 (the guide's three things to collect:
自組織としてのこれまでの取組や現状, それらを踏まえた課題, 連携によって解決できそうな展望), and the chosen
approach among the guide's パターン①–④ with the guide's benefits and risks of each. Prints as a
one-page internal briefing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import HINT_MARK, SAMPLE_SEMINAR, FieldSpec, GroupSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

BASIC = "事業"
DIFF = "これまでとどう違うのか"
CITE = "（実践ガイド 第3章（2）③「調整・意思決定段階」より）"

# Each pattern: its heading and the guide's sentence on what it brings and what it risks.
PATTERNS: dict[str, str] = {
    "パターン① 首長の意思決定により方針決裁を得る": (
        "庁内がまとまる強いきっかけとなることが期待できる一方、関係課からは「やらされ感」などが生まれ、"
        "その後の取組のモチベーションが低下するリスクもある点は留意が必要です。"
    ),
    "パターン② 関係課長会にて議論や検討を進める": (
        "ほどほどの手間や時間をかけた調整での合意形成が期待できますが、実務担当者までその意義や熱量が伝わりきらず、"
        "実際にはあまり協力的な体制に至らないというリスクもあります。"
    ),
    "パターン③ 関係部署の事務方に個別にあたり連携の役割分担を探る": (
        "実務担当者同士での調整となりますので、調整に時間や手間がかかるものの、各部署が納得しながら検討を進めることで、"
        "実際の連携に際して積極的に役割を果たすことなど実務担当者の一体感の醸成が期待できます。"
    ),
    "パターン④ どこかの部署で先行して連携実績をつくってから他部署を巻き込む": (
        "時間がかかるためスタートアップ側との交渉は必要ですが、確実性は高まるため、"
        "状況によってはこのようにステップを区切った進め方を検討するのも一案です。"
    ),
}
PATTERN_CHOICES = ("", *PATTERNS)
Pattern = Literal[
    "",
    "パターン① 首長の意思決定により方針決裁を得る",
    "パターン② 関係課長会にて議論や検討を進める",
    "パターン③ 関係部署の事務方に個別にあたり連携の役割分担を探る",
    "パターン④ どこかの部署で先行して連携実績をつくってから他部署を巻き込む",
]
STANCES = ("", "協力的", "検討中", "慎重", "未確認")
AGREED = ("", "未合意", "合意済み")

PATTERN_HINT = (
    HINT_MARK + "他部署がなかなか協力に応じてくれない場合に、実践ガイドが紹介する4つの対応策です。\n"
    + "\n".join(f"{name}\n{text}" for name, text in PATTERNS.items())
    + "\n"
    + CITE
)
DIFF_HINT = (
    "…連携によって生まれる価値や展望をより分かりやすく示すため、これまでとどう違うのか、何が違うのか、"
    "という視点での説明も重要なポイントとなります。\n" + CITE
)
COLLECT_HINT = (
    "…自組織としてのこれまでの取組や現状、それらを踏まえた課題と連携によって解決できそうな展望について、"
    "徹底的に情報収集をしていきます。\n" + CITE
)


class Department(SheetModel):
    name: Annotated[ShortText, FieldSpec("課", kind=Kind.SHORT, part="関係部署", placeholder="例）〇〇課")] = ""
    role: Annotated[ShortText, FieldSpec("役割", kind=Kind.SHORT, part="関係部署")] = ""
    stance: Annotated[
        Literal["", "協力的", "検討中", "慎重", "未確認"],
        FieldSpec("スタンス", kind=Kind.CHOICE, part="関係部署", choices=STANCES, counted=False),
    ] = ""
    agreed: Annotated[
        Literal["", "未合意", "合意済み"],
        FieldSpec("合意", kind=Kind.CHOICE, part="関係部署", choices=AGREED, counted=False),
    ] = ""


class InternalCoordination(SheetModel):
    project: Annotated[ShortText, FieldSpec("事業名・テーマ", kind=Kind.SHORT, part=BASIC, minimum=True)] = ""
    lead: Annotated[
        ShortText, FieldSpec("担当課", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市 〇〇部 〇〇課")
    ] = ""
    partner: Annotated[ShortText, FieldSpec("連携先（スタートアップ）", kind=Kind.SHORT, part=BASIC)] = ""
    departments: Annotated[
        list[Department],
        GroupSpec(
            "関係部署",
            "部署{n}",
            HINT_MARK + "連携にかかわる課ごとに、役割・スタンス・合意の有無を書きます。",
            default_items=3,
            min_items=1,
            max_items=12,
            as_table=True,
        ),
        Field(min_length=1, max_length=12),
    ] = Field(default_factory=lambda: [Department() for _ in range(3)])
    current: Annotated[
        LongText,
        FieldSpec(
            "自組織としてのこれまでの取組や現状",
            COLLECT_HINT + "\n" + HINT_MARK + "課題整理シートの②現状から取り込めます。",
            part=DIFF,
            minimum=True,
        ),
    ] = ""
    gap: Annotated[
        LongText,
        FieldSpec(
            "それらを踏まえた課題",
            HINT_MARK + "課題整理シートの③ギャップ・④課題から取り込めます。",
            part=DIFF,
        ),
    ] = ""
    difference: Annotated[
        LongText,
        FieldSpec(
            "これまでとどう違うのか、何が違うのか（連携によって解決できそうな展望）",
            DIFF_HINT + "\n" + HINT_MARK + "キャンバスのⅧ（既存の取組と比較した優位性）から取り込めます。",
            part=DIFF,
            minimum=True,
        ),
    ] = ""
    pattern: Annotated[
        Pattern,
        FieldSpec("他部署の協力が得られない場合の進め方", PATTERN_HINT, Kind.CHOICE, "進め方", choices=PATTERN_CHOICES),
    ] = ""
    plan: Annotated[
        LongText,
        FieldSpec(
            "進め方のメモ（だれに、いつ、何を説明するか）",
            "…スタートアップ側と各担当課の間に入る調整役となった場合は、各担当課の課題感をスタートアップ側に伝え、"
            "逆にスタートアップのソリューションのメリット・デメリットも担当課側に伝える、といった間を取り持つ調整や、"
            "引き合わせる前の下ごしらえをしておくことが肝要です。\n" + CITE,
            part="進め方",
        ),
    ] = ""
    source: Annotated[LongText, source_spec()] = ""


def pattern_note(sheet: InternalCoordination) -> str:
    """The guide's benefits and risks of the chosen pattern, for the briefing."""
    if not sheet.pattern:
        return "※ 進め方（パターン①～④）は未選択です。"
    return f"※ 実践ガイドより：{PATTERNS[sheet.pattern]}"


def layout(sheet: InternalCoordination) -> list[GridPage]:
    """A one-page internal briefing: the project, the difference, the departments, the approach."""
    page = GridPage("庁内調整シート", "庁内調整シート（庁内説明用）", (2.2, 2.6, 1.2, 1.2, 2.2, 2.6))
    page.add(Cell(0, 0, "庁内調整シート（庁内説明用）", Role.TITLE, colspan=6))
    page.add(label_cell(sheet, "project", 1, 0))
    page.add(value_cell(sheet, "project", 1, 1, colspan=5))
    page.add(label_cell(sheet, "lead", 2, 0))
    page.add(value_cell(sheet, "lead", 2, 1, colspan=2))
    page.add(label_cell(sheet, "partner", 2, 3))
    page.add(value_cell(sheet, "partner", 2, 4, colspan=2))
    page.add(Cell(3, 0, "これまでとどう違うのか、何が違うのか", Role.HEADING, colspan=6))
    for col, name in enumerate(("current", "gap", "difference")):
        page.add(prompt_cell(sheet, name, 4, 2 * col, colspan=2, hint=""))
        page.add(value_cell(sheet, name, 5, 2 * col, colspan=2))
    page.add(Cell(6, 0, "関係部署", Role.HEADING, colspan=6))
    for col, heading in ((0, "課"), (1, "役割"), (4, "スタンス"), (5, "合意")):
        page.add(Cell(7, col, heading, Role.LABEL, colspan=3 if col == 1 else 1))
    row = 8
    for index in range(len(sheet.departments)):
        page.add(value_cell(sheet, f"departments.{index}.name", row, 0))
        page.add(value_cell(sheet, f"departments.{index}.role", row, 1, colspan=3))
        page.add(value_cell(sheet, f"departments.{index}.stance", row, 4))
        page.add(value_cell(sheet, f"departments.{index}.agreed", row, 5))
        row += 1
    page.add(Cell(row, 0, "進め方", Role.HEADING, colspan=6))
    page.add(label_cell(sheet, "pattern", row + 1, 0))
    page.add(value_cell(sheet, "pattern", row + 1, 1, colspan=5))
    page.add(Cell(row + 2, 0, pattern_note(sheet), Role.NOTE, colspan=6))
    page.add(label_cell(sheet, "plan", row + 3, 0))
    page.add(value_cell(sheet, "plan", row + 3, 1, colspan=5))
    page.add(label_cell(sheet, "source", row + 4, 0))
    page.add(value_cell(sheet, "source", row + 4, 1, colspan=5))
    return [page]


SPEC = SheetSpec(
    sheet_type="internal_coordination",
    icon=":material/account_tree:",
    title="庁内調整シート",
    model=InternalCoordination,
    layout=layout,
    description=(
        "関係部署と、他部署に説明する「これまでとどう違うのか、何が違うのか」、協力が得られない場合の進め方"
        "（パターン①～④）を整理し、庁内説明用の1枚に印刷します（実践ガイド 第3章（2）③）。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市の庁内体制を読み込む": "internal_coordination_iwata.json"},
    form_grid=(
        (("project",), ("lead",), ("partner",)),
        (("departments",),),
        (("current",), ("gap",), ("difference",)),
        (("pattern",), ("plan",)),
        (("source",),),
    ),
)
