"""調達方法ナビ (issue 18; guide 第5章 (3)・(4), 第2章 (3); DOMAIN.md §4.5).

The answers (exit, 仕様書, 新商品・新役務, amount, exclusivity, other 自治体, SaaS) go through the pure
rules of :mod:`worksheets.procurement`; the page and the print list every method the guide describes
with its fit, the guide's words, the typical duration and the 公平性 points. The chosen method and its
duration carry into the timeline (worksheets.links). An aid that cites the guide, never legal advice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field

from worksheets import procurement as P
from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.reference import EXIT_CHOICES, ExitChoice, exit_choice
from worksheets.spec import HINT_MARK, SAMPLE_GUIDE_CASE, FieldSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

CASE = "案件"
ANSWERS = "条件"
CHOICE = "選んだ方法"
FAIR = "公平性"
METHOD_CHOICES = ("", *P.METHOD_NAMES)
# The fields hold plain text (what the widgets show and the files save); the rules compare it with the enums
# of worksheets.procurement (ProcurementNav.answers).
if TYPE_CHECKING:  # the choices are built at import (from data files and enums): Literals mypy cannot spell
    MethodChoice = str
    SpecChoice = str
    NoveltyChoice = str
    AmountChoice = str
    ExclusivityChoice = str
    SharedChoice = str
    SaasChoice = str
else:  # pydantic refuses anything else
    MethodChoice = Literal[METHOD_CHOICES]
    SpecChoice = Literal[P.SPEC_CHOICES]
    NoveltyChoice = Literal[P.NOVELTY_CHOICES]
    AmountChoice = Literal[P.AMOUNT_CHOICES]
    ExclusivityChoice = Literal[P.EXCLUSIVITY_CHOICES]
    SharedChoice = Literal[P.SHARED_CHOICES]
    SaasChoice = Literal[P.SAAS_CHOICES]
FAIRNESS = P.fairness()
FAIR_CITE = f"（実践ガイド {FAIRNESS['section']}より）"


def _choice(label: str, choices: tuple[str, ...], hint: str = "", minimum: bool = False) -> FieldSpec:
    return FieldSpec(label, hint, Kind.CHOICE, ANSWERS, minimum=minimum, choices=choices)


class ProcurementNav(SheetModel):
    project: Annotated[ShortText, FieldSpec("事業名", kind=Kind.SHORT, part=CASE)] = ""
    municipality: Annotated[ShortText, FieldSpec("自治体名", kind=Kind.SHORT, part=CASE, placeholder="例）〇〇市")] = ""
    exit: Annotated[ExitChoice, BeforeValidator(exit_choice), _choice("出口", EXIT_CHOICES, minimum=True)] = ""
    spec_definable: Annotated[
        SpecChoice,
        _choice(
            "仕様書を明確に定義できるか",
            P.SPEC_CHOICES,
            HINT_MARK + f"画一的な製品・サービスでは解決が難しい課題なら「{P.Spec.HARD}」を選びます。",
            minimum=True,
        ),
    ] = P.Spec.UNANSWERED.value
    novelty: Annotated[
        NoveltyChoice,
        _choice(
            "新商品・新役務か",
            P.NOVELTY_CHOICES,
            "…④ 新商品として生産される物品を買い入れる場合又は新役務の提供を受ける場合\n"
            "（実践ガイド 第5章（3）④【随意契約について】より）",
        ),
    ] = P.Novelty.UNANSWERED.value
    amount: Annotated[AmountChoice, _choice("金額（予定価格）", P.AMOUNT_CHOICES, minimum=True)] = P.Amount.UNANSWERED.value
    exclusivity: Annotated[
        ExclusivityChoice,
        _choice(
            "排他性",
            P.EXCLUSIVITY_CHOICES,
            HINT_MARK + "実践ガイドは、排他性を時間的なものと物理的なものに分けて判断できるとしています。",
        ),
    ] = P.Exclusivity.UNANSWERED.value
    shared: Annotated[SharedChoice, _choice("他の自治体も同じ課題を抱えているか", P.SHARED_CHOICES)] = P.Shared.UNANSWERED.value
    saas: Annotated[SaasChoice, _choice("クラウドソフトウェア（SaaS）の調達か", P.SAAS_CHOICES)] = P.Saas.UNANSWERED.value
    chosen: Annotated[
        MethodChoice,
        FieldSpec(
            "選んだ調達方法",
            HINT_MARK + "候補を見て、契約担当課と相談して決めた方法を選びます。タイムラインに取り込めます。",
            Kind.CHOICE,
            CHOICE,
            choices=METHOD_CHOICES,
        ),
    ] = ""
    duration_months: Annotated[
        int | None,
        FieldSpec(
            "調達にかかる期間の目安",
            "…公示から事業者決定まで2～3か月を要します\n"
            "（実践ガイド 第2章（3）より）\n"
            + HINT_MARK
            + "上は企画競争についての実践ガイドの記載です。他の方法は契約担当課に確かめて入力します。",
            Kind.NUMBER,
            CHOICE,
            unit="か月",
            min_value=1,
            max_value=24,
        ),
        Field(ge=1, le=24),
    ] = None
    reasons: Annotated[LongText, FieldSpec("選んだ理由・確かめたこと", part=CHOICE)] = ""
    fairness_opportunity: Annotated[
        LongText,
        FieldSpec("①機会の公平性", FAIRNESS["opportunity"] + "\n" + FAIR_CITE, part=FAIR),
    ] = ""
    fairness_selection: Annotated[
        LongText,
        FieldSpec("②選定の公平性", FAIRNESS["selection"] + "\n" + FAIR_CITE, part=FAIR),
    ] = ""
    source: Annotated[LongText, source_spec()] = ""

    def answers(self) -> P.Answers:
        return P.Answers(
            self.exit,
            P.Spec(self.spec_definable),
            P.Novelty(self.novelty),
            P.Amount(self.amount),
            P.Exclusivity(self.exclusivity),
            P.Shared(self.shared),
            P.Saas(self.saas),
        )

    def months(self) -> int | None:
        """The duration the timeline shows: the sheet's own, else the guide's for the chosen method."""
        if self.duration_months is not None:
            return self.duration_months
        method = P.method_by_name(self.chosen)
        return None if method is None else method.get("duration_months")


def method_text(x: P.Assessment) -> str:
    m = x.method
    quotes = "\n".join(f"「{q}」" for q in m["quotes"])
    return f"{m['when']}\n{quotes}\n（実践ガイド {m['section']}）"


def layout(sheet: ProcurementNav) -> list[GridPage]:
    page = GridPage("調達方法ナビ", "調達方法ナビ", (3, 2, 7, 3, 3))
    page.add(Cell(0, 0, "調達方法ナビ", Role.TITLE, colspan=5))
    page.add(Cell(1, 0, "※" + P.disclaimer(), Role.NOTE, colspan=5))
    row = 2
    for name in (
        "project",
        "municipality",
        "exit",
        "spec_definable",
        "novelty",
        "amount",
        "exclusivity",
        "shared",
        "saas",
    ):
        page.add(label_cell(sheet, name, row, 0, colspan=2))
        page.add(value_cell(sheet, name, row, 2, colspan=3))
        row += 1
    page.add(Cell(row, 0, "実践ガイドが示す方法と、この条件での当てはまり（目安）", Role.HEADING, colspan=5))
    row += 1
    for col, heading in enumerate(
        ("方法", "当てはまり", "条件と実践ガイドの記載", "期間の目安", "公平性（機会・選定）")
    ):
        page.add(Cell(row, col, heading, Role.LABEL))
    row += 1
    for x in P.assess(sheet.answers()):
        page.add(Cell(row, 0, x.name, Role.NOTE))
        page.add(Cell(row, 1, f"{x.fit.value}：{x.reason}", Role.NOTE))
        page.add(Cell(row, 2, method_text(x), Role.NOTE))
        page.add(Cell(row, 3, x.method["duration"], Role.NOTE))
        page.add(Cell(row, 4, x.method["fairness"], Role.NOTE))
        row += 1
    page.add(Cell(row, 0, P.requirements_text(), Role.NOTE, colspan=5))
    row += 1
    for name in ("chosen", "duration_months", "reasons"):
        page.add(label_cell(sheet, name, row, 0, colspan=2))
        page.add(value_cell(sheet, name, row, 2, colspan=3))
        row += 1
    for name in ("fairness_opportunity", "fairness_selection"):
        page.add(prompt_cell(sheet, name, row, 0, colspan=5))
        page.add(value_cell(sheet, name, row + 1, 0, colspan=5))
        row += 2
    page.add(label_cell(sheet, "source", row, 0, colspan=2))
    page.add(value_cell(sheet, "source", row, 2, colspan=3))
    return [page]


SPEC = SheetSpec(
    sheet_type="procurement_nav",
    icon=":material/gavel:",
    title="調達方法ナビ",
    model=ProcurementNav,
    layout=layout,
    description=(
        "出口・仕様書・新商品かどうか・金額・排他性・他の自治体との課題の共有から、実践ガイド（第5章 官民連携編）が"
        "紹介する調達・連携の方法の候補と、その条件・期間の目安・公平性のポイントを示します。"
        "法的な助言ではありません。実際の契約方法は各自治体の規則と契約担当課の判断によります。"
    ),
    samples={
        f"{SAMPLE_GUIDE_CASE}：豊中市×CureApp「とよなか卒煙プロジェクト」（PFS/SIB）を読み込む": (
            "procurement_nav_toyonaka.json"
        )
    },
    form_grid=(
        (("project",), ("municipality",)),
        (("exit",), ("spec_definable",), ("novelty",)),
        (("amount",), ("exclusivity",)),
        (("shared",), ("saas",)),
        (("chosen",), ("duration_months",)),
        (("reasons",),),
        (("fairness_opportunity",), ("fairness_selection",)),
        (("source",),),
    ),
)
