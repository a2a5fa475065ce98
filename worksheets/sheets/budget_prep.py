"""予算化準備シート (guide 第3章（2）⑤ 予算化段階 and 第4章（2）⑤ 予算化; DOMAIN.md §4.2, §4.3).

自治体 side: per reference 自治体, the six items the guide says to collect from other cities; the
下見積もり; the 論拠 of 優位性; the payment terms to confirm. Both sides: the 契約形態 per 歳出科目,
single- or multi-year. Startup side: the 予算化 checks of スタートアップ編 (当初予算／補正予算, the
procedure from contract to payment).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from worksheets.layout import Cell, GridPage, Role, label_cell, value_cell
from worksheets.spec import HINT_MARK, SAMPLE_SEMINAR, FieldSpec, GroupSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

BASIC = "事業"
REFS = "他都市から収集"
OWN = "自組織での確認"
STARTUP = "スタートアップと確認"
CITE_M = "（実践ガイド 第3章（2）⑤「予算化段階」より）"
CITE_S = "（実践ガイド 第4章（2）⑤「予算化」より）"

PAYMENTS = ("", "完了後一括払い", "概算払い", "分割払い", "未定")
EXPENSES = ("", "需用費", "報償費", "役務費", "委託料", "その他")
YEARS = ("", "単年度", "複数年度", "未確認")
BUDGETS = ("", "当初予算", "補正予算", "未定")

# The six items, verbatim from the guide's list 「予算化に向け他都市から収集すると良い事項」.
ITEM_LABELS = (
    "予算規模、歳出費目",
    "事業者選定プロセスがあった場合は、評価項目や評価委員構成",
    "予算要求で苦労したこと",
    "連携実行段階で苦労したこと",
    "連携効果の実績",
    "設定した活動指標（KPI）",
)
REFERENCE_HINT = (
    "…他都市での前例があるのであればその自治体へ問い合わせをして導入に関する情報を収集することも有効です。\n" + CITE_M
)


def _item(n: int) -> FieldSpec:
    return FieldSpec(ITEM_LABELS[n], part=REFS)


class Reference(SheetModel):
    municipality: Annotated[
        ShortText, FieldSpec("問い合わせた自治体", kind=Kind.SHORT, part=REFS, placeholder="例）〇〇市 〇〇課")
    ] = ""
    scale: Annotated[LongText, _item(0)] = ""
    selection: Annotated[LongText, _item(1)] = ""
    request_hardship: Annotated[LongText, _item(2)] = ""
    execution_hardship: Annotated[LongText, _item(3)] = ""
    results: Annotated[LongText, _item(4)] = ""
    kpi: Annotated[LongText, _item(5)] = ""


class ContractLine(SheetModel):
    expense: Annotated[
        Literal["", "需用費", "報償費", "役務費", "委託料", "その他"],
        FieldSpec("歳出科目", kind=Kind.CHOICE, part=STARTUP, choices=EXPENSES),
    ] = ""
    form: Annotated[
        ShortText, FieldSpec("契約形態", kind=Kind.SHORT, part=STARTUP, placeholder="例）業務委託契約")
    ] = ""
    years: Annotated[
        Literal["", "単年度", "複数年度", "未確認"],
        FieldSpec("契約年数", kind=Kind.CHOICE, part=STARTUP, choices=YEARS, counted=False),
    ] = ""


class BudgetPrep(SheetModel):
    project: Annotated[ShortText, FieldSpec("事業名・テーマ", kind=Kind.SHORT, part=BASIC, minimum=True)] = ""
    municipality: Annotated[
        ShortText, FieldSpec("自治体・部署", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市 〇〇課")
    ] = ""
    partner: Annotated[ShortText, FieldSpec("連携先（スタートアップ）", kind=Kind.SHORT, part=BASIC)] = ""
    references: Annotated[
        list[Reference],
        GroupSpec(
            "予算化に向け他都市から収集すると良い事項",
            "参考自治体{n}",
            REFERENCE_HINT,
            default_items=1,
            min_items=1,
            max_items=4,  # printed as columns side by side
        ),
        Field(min_length=1, max_length=4),
    ] = Field(default_factory=lambda: [Reference()])
    advantage: Annotated[
        LongText,
        FieldSpec(
            "優位性の論拠（コスト減・質向上）",
            "公共調達という出口に向かうには、スタートアップが持つ製品・サービスの優位性を明確にしていく必要があります。"
            "例えば、従来の方式よりコスト減につながる、行政サービスの質向上につながる、といった論拠を集めることに取り組んでいきます。\n"
            + CITE_M,
            part=OWN,
            minimum=True,
        ),
    ] = ""
    estimate: Annotated[
        LongText,
        FieldSpec(
            "下見積もり（受領日・金額・内訳）",
            "…具体的には、連携先候補から下見積もりを収集すること…\n" + CITE_M,
            part=OWN,
            minimum=True,
        ),
    ] = ""
    payment: Annotated[
        Literal["", "完了後一括払い", "概算払い", "分割払い", "未定"],
        FieldSpec(
            "支払方法",
            "また、必要に応じてスタートアップが参入しやすいように、概算払いや分割払いなど柔軟な支払い方法が"
            "可能かも組織内で確認しておきましょう。\n"
            + CITE_M
            + "\n"
            + "また、自治体を含む公的機関からの支払いは、「基本的には事業の完了後一括払い」となっています。\n"
            + CITE_S,
            Kind.CHOICE,
            OWN,
            choices=PAYMENTS,
        ),
    ] = ""
    payment_note: Annotated[
        LongText,
        FieldSpec("支払方法について確認したこと", HINT_MARK + "会計部門・財政課と確認した結果や条件を書きます。", part=OWN),
    ] = ""
    budget_kind: Annotated[
        Literal["", "当初予算", "補正予算", "未定"],
        FieldSpec(
            "ねらう予算",
            "自治体との官民連携を模索する場合は、基本的には当初予算において予算の裏付けを取ることを目指すことに"
            "なるかと思いますが、補正予算についても、自社と関係する部局については動向を把握しておくようにしましょう。\n"
            + CITE_S,
            Kind.CHOICE,
            STARTUP,
            choices=BUDGETS,
        ),
    ] = ""
    contracts: Annotated[
        list[ContractLine],
        GroupSpec(
            "歳出科目ごとの契約形態",
            "契約{n}",
            "特に官民連携の提案を次年度の予算編成に間に合わせる場合は、予算化に向けた議論を進める中で、"
            "官民連携の内容に鑑みて、自治体の歳出科目（需用費・報償費・役務費・委託料等）に合わせた契約形態を"
            "自治体職員と確認するのが良いでしょう。\n"
            "…事前に単年度事業になるのか、複数年度の契約は可能なのかはカウンターパートとなる自治体職員の方と"
            "確認しておきましょう。\n" + CITE_S,
            default_items=1,
            min_items=1,
            max_items=8,
            as_table=True,
        ),
        Field(min_length=1, max_length=8),
    ] = Field(default_factory=lambda: [ContractLine()])
    procedure: Annotated[
        LongText,
        FieldSpec(
            "契約から支出までに必要な手続き",
            "…実際に予算がどのように支払われるのか、また契約から支出までの間にどのような手続き（書類の提出等）が"
            "必要なのかを、自治体と確認しておきましょう。\n" + CITE_S,
            part=STARTUP,
        ),
    ] = ""
    source: Annotated[LongText, source_spec()] = ""


def layout(sheet: BudgetPrep) -> list[GridPage]:
    """Page 1: the reference 自治体 as columns of the six items. Page 2: own checks and contracts."""
    refs = GridPage("他都市から収集", "予算化準備シート（他都市から収集）", (2.4, *(4,) * len(sheet.references)))
    n = len(sheet.references)
    refs.add(Cell(0, 0, "予算化準備シート", Role.TITLE, colspan=n + 1))
    for row, name in enumerate(("project", "municipality", "partner"), start=1):
        refs.add(label_cell(sheet, name, row, 0))
        refs.add(value_cell(sheet, name, row, 1, colspan=n))
    refs.add(Cell(4, 0, "予算化に向け他都市から収集すると良い事項", Role.HEADING, colspan=n + 1))
    fields = ("municipality", "scale", "selection", "request_hardship", "execution_hardship", "results", "kpi")
    labels = ("問い合わせた自治体", *ITEM_LABELS)
    for r, (name, label) in enumerate(zip(fields, labels, strict=True), start=5):
        refs.add(Cell(r, 0, label, Role.LABEL))
        for i in range(n):
            refs.add(value_cell(sheet, f"references.{i}.{name}", r, 1 + i))
    own = GridPage("確認事項", "予算化準備シート（確認事項）", (2.4, 3, 3, 2))
    own.add(Cell(0, 0, "予算化準備シート（確認事項）", Role.TITLE, colspan=4))
    own.add(Cell(1, 0, "自組織での確認", Role.HEADING, colspan=4))
    for row, name in enumerate(("advantage", "estimate", "payment", "payment_note"), start=2):
        own.add(label_cell(sheet, name, row, 0))
        own.add(value_cell(sheet, name, row, 1, colspan=3))
    own.add(Cell(6, 0, "スタートアップと確認", Role.HEADING, colspan=4))
    own.add(label_cell(sheet, "budget_kind", 7, 0))
    own.add(value_cell(sheet, "budget_kind", 7, 1, colspan=3))
    for col, heading in enumerate(("", "歳出科目", "契約形態", "契約年数")):
        own.add(Cell(8, col, heading, Role.LABEL))
    row = 9
    for i in range(len(sheet.contracts)):
        own.add(Cell(row, 0, f"契約{i + 1}", Role.LABEL))
        own.add(value_cell(sheet, f"contracts.{i}.expense", row, 1))
        own.add(value_cell(sheet, f"contracts.{i}.form", row, 2))
        own.add(value_cell(sheet, f"contracts.{i}.years", row, 3))
        row += 1
    own.add(label_cell(sheet, "procedure", row, 0))
    own.add(value_cell(sheet, "procedure", row, 1, colspan=3))
    own.add(
        Cell(
            row + 1,
            0,
            "※ 実践ガイドより：自治体を含む公的機関からの支払いは「基本的には事業の完了後一括払い」、"
            "同一事業に対する契約は基本的には「1年度ごとに」行われます。",
            Role.NOTE,
            colspan=4,
        )
    )
    own.add(label_cell(sheet, "source", row + 2, 0))
    own.add(value_cell(sheet, "source", row + 2, 1, colspan=3))
    return [refs, own]


SPEC = SheetSpec(
    sheet_type="budget_prep",
    icon=":material/savings:",
    title="予算化準備シート",
    model=BudgetPrep,
    layout=layout,
    description=(
        "予算化に向けて、他都市から収集すると良い事項（実践ガイド 第3章（2）⑤）、下見積もり、支払方法、"
        "歳出科目ごとの契約形態と契約年数（同 第4章（2）⑤）を1か所で確かめます。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市・かすみがうら市に聞けることを読み込む": "budget_prep_seminar.json"},
    form_grid=(
        (("project",), ("municipality",), ("partner",)),
        (("references",),),
        (("advantage",), ("estimate",)),
        (("payment",), ("payment_note",)),
        (("budget_kind",), ("procedure",)),
        (("contracts",),),
        (("source",),),
    ),
)
