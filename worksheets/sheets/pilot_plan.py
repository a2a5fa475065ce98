"""実証計画シート (exit ③; issue 18; guide 第5章（5）②, 第2章（2）「よくある落とし穴」3. and its コラム).

What the guide says to agree in writing before a 実証 (福岡市's five items), the 成功／失敗の定義, KPI
and 実証後の活用予定 (the budget request it feeds, with the 予算要求の締切 carried from the timeline),
and who owns what is learned in the 実証. The 6W2H comes from the ディスカッションペーパー (worksheets.links).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import HINT_MARK, SAMPLE_SEMINAR, FieldSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

BASIC = "基本情報"
W6H2 = "6W2H"
AGREE = "実証前の取り決め"
GOALS = "成功の定義と活用"
AGREE_HINT = (
    "例えば、福岡市では、実証実験を行う前には以下を含む各内容について協議し、書面にて取り決めを行っています。\n"
    "（実践ガイド 第5章（5）②「共同開発・実証実験にあたって取り決めておくこと」より）"
)
GOALS_HINT = (
    "…例えば実証実験を行う際には、成功／失敗の定義、獲得したい実証成果とその後の活用予定、"
    "成果獲得に向けた指標（KPI）設定など、実証事業の目的や計画だけでなく双方の狙いについても正直に開示し合います。\n"
    "（実践ガイド 第2章（2）「よくある落とし穴」3.より）"
)
INFO_HINT = (
    "【コラム】連携を通じて知り得た情報やノウハウは誰のもの？\n"
    + HINT_MARK
    + "実証で自治体が知り得たサービスの詳細や工夫点を、後の仕様書や公表でどう扱うかを決めておきます。"
    "実践ガイドのコラムは、企業秘密が翌年度の一般競争入札の仕様書に織り込まれた例を紹介しています。\n"
    "（実践ガイド 第2章（2）より）"
)


def _paper(label: str, part: str = W6H2, hint: str = "") -> FieldSpec:
    return FieldSpec(label, hint, part=part)


def _agree(label: str, minimum: bool = False, hint: str = "") -> FieldSpec:
    return FieldSpec(label, hint, part=AGREE, minimum=minimum)


class PilotPlan(SheetModel):
    project: Annotated[ShortText, FieldSpec("実証の名称", kind=Kind.SHORT, part=BASIC, minimum=True)] = ""
    municipality: Annotated[ShortText, FieldSpec("自治体名", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市")] = (
        ""
    )
    company: Annotated[ShortText, FieldSpec("スタートアップ名", kind=Kind.SHORT, part=BASIC)] = ""
    why: Annotated[LongText, _paper("Why：現状・課題とその背景")] = ""
    how: Annotated[LongText, _paper("How：課題に対する解決アプローチと基本的な考え方")] = ""
    what: Annotated[LongText, _paper("What：官民連携で何を実現したいのか")] = ""
    whom: Annotated[LongText, _paper("Whom：誰に対して効果を生みたいのか")] = ""
    budget: Annotated[LongText, _paper("How much：必要となる予算")] = ""
    when: Annotated[LongText, _paper("When：スケジュール")] = ""
    who: Annotated[LongText, _paper("Who：体制と役割")] = ""
    where: Annotated[LongText, _paper("Where：実施場所")] = ""
    content: Annotated[LongText, _agree("実験の内容", True, AGREE_HINT)] = ""
    roles: Annotated[LongText, _agree("役割及び責任分担等", True)] = ""
    costs: Annotated[LongText, _agree("経費等の分担", True)] = ""
    rights: Annotated[LongText, _agree("成果及び権利の帰属・譲渡等")] = ""
    publication: Annotated[LongText, _agree("成果等の公表")] = ""
    information: Annotated[LongText, _agree("実証で知り得た情報の扱い", hint=INFO_HINT)] = ""
    success: Annotated[LongText, FieldSpec("成功／失敗の定義", GOALS_HINT, part=GOALS, minimum=True)] = ""
    kpi: Annotated[LongText, FieldSpec("成果獲得に向けた指標（KPI）", part=GOALS, minimum=True)] = ""
    use_after: Annotated[
        LongText,
        FieldSpec(
            "実証後の活用予定",
            HINT_MARK + "実証の成果をどの年度の予算要求に使うか、本格導入の出口（①など）をどうするかを書きます。",
            part=GOALS,
        ),
    ] = ""
    request_deadline: Annotated[
        date | None,
        FieldSpec(
            "成果を使う予算要求の締切",
            HINT_MARK + "タイムラインから取り込むと、判定した年度の予算要求の締切（目安）が入ります。",
            Kind.DATE,
            GOALS,
        ),
    ] = None
    source: Annotated[LongText, source_spec()] = ""


def layout(sheet: PilotPlan) -> list[GridPage]:
    page = GridPage("実証計画シート", "実証計画シート", (1, 1, 1, 1))
    page.add(Cell(0, 0, "実証計画シート", Role.TITLE, colspan=4))
    for col, name in ((0, "project"), (2, "municipality")):
        page.add(label_cell(sheet, name, 1, col))
        page.add(value_cell(sheet, name, 1, col + 1))
    page.add(label_cell(sheet, "company", 2, 0))
    page.add(value_cell(sheet, "company", 2, 1, colspan=3))
    page.add(Cell(3, 0, "6W2H（ディスカッションペーパーより）", Role.HEADING, colspan=4))
    row = 4
    pairs = (("why", "how"), ("what", "whom"), ("budget", "when"), ("who", "where"))
    for left, right in pairs:
        page.add(prompt_cell(sheet, left, row, 0, colspan=2))
        page.add(prompt_cell(sheet, right, row, 2, colspan=2))
        page.add(value_cell(sheet, left, row + 1, 0, colspan=2))
        page.add(value_cell(sheet, right, row + 1, 2, colspan=2))
        row += 2
    page.add(Cell(row, 0, "実証の前に書面で取り決める事項", Role.HEADING, colspan=4))
    page.add(Cell(row + 1, 0, AGREE_HINT, Role.NOTE, colspan=4))
    row += 2
    for name in ("content", "roles", "costs", "rights", "publication", "information"):
        page.add(label_cell(sheet, name, row, 0))
        page.add(value_cell(sheet, name, row, 1, colspan=3))
        row += 1
    page.add(Cell(row, 0, "成功／失敗の定義・KPI・実証後の活用予定", Role.HEADING, colspan=4))
    row += 1
    for name in ("success", "kpi", "use_after", "request_deadline", "source"):
        page.add(label_cell(sheet, name, row, 0))
        page.add(value_cell(sheet, name, row, 1, colspan=3))
        row += 1
    return [page]


SPEC = SheetSpec(
    sheet_type="pilot_plan",
    icon=":material/science:",
    title="実証計画シート",
    model=PilotPlan,
    layout=layout,
    description=(
        "出口③（自治体“と共に”創る）の実証の前に、官民で取り決めておくこと（実験の内容、役割及び責任分担等、"
        "経費等の分担、成果及び権利の帰属・譲渡等、成果等の公表）と、成功／失敗の定義・KPI・実証後の活用予定を"
        "まとめます（実践ガイド 第5章（5）②、第2章（2））。6W2H はディスカッションペーパーから取り込めます。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市と企業（NEC）の健康アプリの実証を読み込む": "pilot_plan_iwata.json"},
    jargon_check=True,
    form_grid=(
        (("project",), ("municipality",), ("company",)),
        (("why", "what", "budget", "who"), ("how", "whom", "when", "where")),
        (("content",),),
        (("roles",), ("costs",)),
        (("rights",), ("publication",)),
        (("information",),),
        (("success",), ("kpi",)),
        (("use_after",), ("request_deadline",)),
        (("source",),),
    ),
)
