"""官民連携用リーンキャンバス (guide 図表21, DOMAIN.md §1.4, S1 L1253-1302).

Ⅰ, Ⅱ, Ⅲ and Ⅷ carry the guide's explanation and guiding question verbatim; they are the minimum
「自治体と接点を持ちコミュニケーションを始めるうえでの最低限の情報」. The other blocks have
labels only in the guide, so they have no hint here.
"""

from __future__ import annotations

from typing import Annotated

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import FieldSpec, Kind, SheetModel, SheetSpec
from worksheets.text import LongText, ShortText

BASIC = "基本情報"
MINIMUM_NOTE = "自治体と接点を持つ前の最低限（Ⅰ・Ⅱ・Ⅲ・Ⅷ）"


class LeanCanvas(SheetModel):
    theme: Annotated[
        ShortText,
        FieldSpec("テーマ・事業名", kind=Kind.SHORT, part=BASIC, placeholder="例）働く世代の健康づくりアプリ"),
    ] = ""
    company: Annotated[ShortText, FieldSpec("スタートアップ名", kind=Kind.SHORT, part=BASIC)] = ""
    municipality: Annotated[
        ShortText, FieldSpec("連携を想定する自治体", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市")
    ] = ""
    problem: Annotated[
        LongText,
        FieldSpec(
            "Ⅰ 社会・地域が抱える課題",
            "現場で発生する具体的な課題は何か？\n"
            "官民連携によって解決すべき、社会や地域が抱える課題について記述します。課題特定・企画段階でリサーチした、"
            "自治体の活動と現場で発生している課題を中心に、明確に言語化するようにしましょう。\n"
            "「本当に、社会・地域はこの課題に困っているのか？」「本当に解決すべき課題なのか？」を問いながら設定することが重要です。",
            part="Ⅰ 課題",
            minimum=True,
        ),
    ] = ""
    beneficiaries: Annotated[
        LongText,
        FieldSpec(
            "Ⅱ 受益者の属性・特徴",
            "課題を抱えている人はどんな人か？\n"
            "記述する際は、単に集団の名称を書くだけでなく、具体的にどのような属性・特徴を有する人々なのかを設定し、"
            "簡易的なペルソナ（受益者の具体的な人物像）を作ることが大切です。\n"
            "基本的には直接的に利益を受ける方々に絞った記載で問題ありません。",
            part="Ⅱ 受益者",
            minimum=True,
        ),
    ] = ""
    value: Annotated[
        LongText,
        FieldSpec(
            "Ⅲ 課題解決のために提供できる価値",
            "課題に対して自社は何ができるのか？\n"
            "社会・地域が抱える課題の解決に役立つ製品やサービスと、それが受益者にとって「どのように良いのか」が中心になると考えられます。\n"
            "ロジックモデルやセオリー・オブ・チェンジを用いながら整理したうえで記述することを意識いただければと思います。",
            part="Ⅲ 価値",
            minimum=True,
        ),
    ] = ""
    activities: Annotated[LongText, FieldSpec("Ⅳ 価値で課題解決するために必要な活動・機能・手段", part="Ⅳ 活動")] = ""
    channels: Annotated[LongText, FieldSpec("Ⅴ 受益者への提供方法", part="Ⅴ 提供方法")] = ""
    costs: Annotated[
        LongText, FieldSpec("Ⅵ コスト構造 (価値提供のためにかかるコストの種類・金額)", part="Ⅵ コスト")
    ] = ""
    revenue: Annotated[
        LongText,
        FieldSpec("Ⅶ 収益の流れ (価値提供のコストをどこから調達・どこで回収するか)", part="Ⅶ 収益"),
    ] = ""
    advantage: Annotated[
        LongText,
        FieldSpec(
            "Ⅷ 既存の取組と比較した優位性",
            "従来の取組より良い点は何か？\n"
            "「Ⅲ. 課題解決のために提供できる価値」に記述した価値が、従来の製品・サービスや自治体の取組と比べて、"
            "何の観点からどれほど優れているのかを記述します。\n"
            "既存の取組に対する優位性（効率・効果・利便性など）を明確に言語化して、自治体に対して伝えられる状態にしておくことが重要です。",
            part="Ⅷ 優位性",
            minimum=True,
        ),
    ] = ""
    kpi: Annotated[LongText, FieldSpec("Ⅸ 主要な効果指標 (KPI)", part="Ⅸ KPI")] = ""


def layout(sheet: LeanCanvas) -> list[GridPage]:
    """図表21: five figure columns (two grid columns each); Ⅵ and Ⅶ share the bottom row."""
    page = GridPage("官民連携用リーンキャンバス", "官民連携用リーンキャンバス", (1,) * 10)
    page.add(Cell(0, 0, "官民連携用リーンキャンバス", Role.TITLE, colspan=10))
    for i, name in enumerate(("theme", "company", "municipality")):
        page.add(label_cell(sheet, name, 1, 4 * i if i < 2 else 8, colspan=1))
        page.add(value_cell(sheet, name, 1, 4 * i + 1 if i < 2 else 9, colspan=3 if i < 2 else 1))
    tall = {0: "problem", 4: "value", 8: "beneficiaries"}
    for col, name in tall.items():
        page.add(prompt_cell(sheet, name, 2, col, colspan=2, hint=""))
        page.add(value_cell(sheet, name, 3, col, colspan=2, rowspan=3))
    for col, (upper, lower) in {2: ("activities", "kpi"), 6: ("advantage", "channels")}.items():
        page.add(prompt_cell(sheet, upper, 2, col, colspan=2, hint=""))
        page.add(value_cell(sheet, upper, 3, col, colspan=2))
        page.add(prompt_cell(sheet, lower, 4, col, colspan=2, hint=""))
        page.add(value_cell(sheet, lower, 5, col, colspan=2))
    page.add(prompt_cell(sheet, "costs", 6, 0, colspan=5, hint=""))
    page.add(prompt_cell(sheet, "revenue", 6, 5, colspan=5, hint=""))
    page.add(value_cell(sheet, "costs", 7, 0, colspan=5))
    page.add(value_cell(sheet, "revenue", 7, 5, colspan=5))
    page.add(
        Cell(
            8,
            0,
            f"※ {MINIMUM_NOTE}。キャンバスは仮説です。まずは「自治体職員と対話するうえでの題材」として仕上げましょう。",
            Role.NOTE,
            colspan=10,
        )
    )
    return [page]


SPEC = SheetSpec(
    sheet_type="lean_canvas",
    title="官民連携用リーンキャンバス",
    model=LeanCanvas,
    layout=layout,
    description=(
        "官民連携による課題解決のビジネスモデルを9つのブロックで整理します（図表21）。"
        "Ⅰ・Ⅱ・Ⅲ・Ⅷは、自治体と接点を持ちコミュニケーションを始めるうえでの最低限の情報です。"
    ),
    samples={"記載例（磐田市の健康アプリ・スタートアップ側）を読み込む": "lean_canvas_iwata.json"},
    form_grid=(
        (("theme",), ("company",), ("municipality",)),
        (("problem",), ("activities", "kpi"), ("value",), ("advantage", "channels"), ("beneficiaries",)),
        (("costs",), ("revenue",)),
    ),
    minimum_note=MINIMUM_NOTE,
    jargon_check=True,
)
