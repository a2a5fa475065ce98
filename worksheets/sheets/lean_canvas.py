"""官民連携用リーンキャンバス (guide 図表21, DOMAIN.md §1.4, S1 L1253-1302).

Ⅰ, Ⅱ, Ⅲ and Ⅷ carry the guide's guiding question and explanation (S1 L1269-1295), whole paragraphs
or abridged with 「…」; they are the minimum
「自治体と接点を持ちコミュニケーションを始めるうえでの最低限の情報」. The other blocks have
labels only in the guide; Ⅸ gets the app's own hint, marked ヒント：.
"""

from __future__ import annotations

from typing import Annotated

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import HINT_MARK, SAMPLE_SEMINAR, FieldSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

BASIC = "基本情報"
MINIMUM_NOTE = "実践ガイドが示す、自治体と接点を持つ前の最低限（Ⅰ・Ⅱ・Ⅲ・Ⅷ）"


CITE = "（実践ガイド 第4章（2）①「2. 官民連携による課題解決に向けたビジネスモデルを検討する」より）"

PROBLEM_HINT = (
    "現場で発生する具体的な課題は何か？\n"
    "官民連携によって解決すべき、社会や地域が抱える課題について記述します。課題特定・企画段階でリサーチした、"
    "自治体の活動と現場で発生している課題を中心に、明確に言語化するようにしましょう。\n"
    "官民連携において最も核心的な部分ですので、「本当に、社会・地域はこの課題に困っているのか？」"
    "「本当に解決すべき課題なのか？」を問いながら設定することが重要です。\n"
    "…実際に自治体との接点を持つ段階では、抽象表現だけでなく、可能な限り当該自治体が行っていることと、"
    "その中で発生している課題などの例を挙げながら、当該自治体との関連性を提示することも意識すると良いでしょう。\n" + CITE
)
BENEFICIARIES_HINT = (
    "課題を抱えている人はどんな人か？\n"
    "上記Ⅰの課題を抱えており、スタートアップが関与する官民連携によって課題解決を図る際の受益者を記述します。\n"
    "官民連携による地域課題の解決では、例えば地域に所在する企業、住民や関係人口、あるいは自治体自身などが考えられます。"
    "記述する際は、単に集団の名称を書くだけでなく、具体的にどのような属性・特徴を有する人々なのかを設定し、"
    "簡易的なペルソナ（受益者の具体的な人物像）を作ることが大切です。\n"
    "…リーンキャンパス上では、間接的な受益者も含めて記載し始めるとキリがないため、"
    "基本的には直接的に利益を受ける方々に絞った記載で問題ありません。\n" + CITE
)
VALUE_HINT = (
    "課題に対して自社は何ができるのか？\n"
    "官民連携によって、スタートアップが提供する付加価値を記述します。社会・地域が抱える課題の解決に役立つ製品やサービスと、"
    "それが受益者にとって「どのように良いのか」が中心になると考えられます。\n"
    "ここでは、前段の「自社製品・サービスの付加価値と、自治体の課題解決を結びつける」でも解説したとおり、"
    "課題解決に必要な要件や創出すべき変化と、それを実現する自社の活動（製品・サービスの供与）を、"
    "ロジックモデルやセオリー・オブ・チェンジを用いながら整理したうえで記述することを意識いただければと思います。\n" + CITE
)
ADVANTAGE_HINT = (
    "従来の取組より良い点は何か？\n"
    "上記「Ⅲ. 課題解決のために提供できる価値」に記述した価値が、従来の製品・サービスや自治体の取組と比べて、"
    "何の観点からどれほど優れているのかを記述します。\n"
    "官民連携は、自治体の協力や、場合によっては自治体での予算確保が必要になりますが、"
    "自治体は公共機関として国民・市民などの税金を主な活動原資としているため、意思決定には相応の説明材料が必要です。"
    "自社が関与することによって、既存の取組に対する優位性（効率・効果・利便性など）を明確に言語化して、"
    "自治体に対して伝えられる状態にしておくことが重要です。\n" + CITE
)
# The guide explains Ⅰ・Ⅱ・Ⅲ・Ⅷ only; Ⅸ is the app's hint, citing the guide's KPI advice (S1 L487).
KPI_HINT = (
    HINT_MARK + "実践ガイドはⅨの書き方を説明していません。ガイドは実証実験について、"
    "「成功／失敗の定義、獲得したい実証成果とその後の活用予定、成果獲得に向けた指標（KPI）設定など」を"
    "官民で正直に開示し合うよう勧めています（第2章（2）「よくある落とし穴」3.）。\n"
    + HINT_MARK + "Ⅰの課題が解決に向かっているかを、何の数値で確かめるかを書きます。"
)


class LeanCanvas(SheetModel):
    theme: Annotated[
        ShortText,
        FieldSpec("テーマ・事業名", kind=Kind.SHORT, part=BASIC, placeholder="例）働く世代の健康づくりアプリ"),
    ] = ""
    company: Annotated[ShortText, FieldSpec("スタートアップ名", kind=Kind.SHORT, part=BASIC)] = ""
    municipality: Annotated[
        ShortText, FieldSpec("連携を想定する自治体", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市")
    ] = ""
    problem: Annotated[LongText, FieldSpec("Ⅰ 社会・地域が抱える課題", PROBLEM_HINT, part="Ⅰ 課題", minimum=True)] = ""
    beneficiaries: Annotated[
        LongText, FieldSpec("Ⅱ 受益者の属性・特徴", BENEFICIARIES_HINT, part="Ⅱ 受益者", minimum=True)
    ] = ""
    value: Annotated[
        LongText, FieldSpec("Ⅲ 課題解決のために提供できる価値", VALUE_HINT, part="Ⅲ 価値", minimum=True)
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
        LongText, FieldSpec("Ⅷ 既存の取組と比較した優位性", ADVANTAGE_HINT, part="Ⅷ 優位性", minimum=True)
    ] = ""
    kpi: Annotated[LongText, FieldSpec("Ⅸ 主要な効果指標 (KPI)", KPI_HINT, part="Ⅸ KPI")] = ""
    source: Annotated[LongText, source_spec()] = ""


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
    page.add(label_cell(sheet, "source", 9, 0))
    page.add(value_cell(sheet, "source", 9, 1, colspan=9))
    return [page]


SPEC = SheetSpec(
    sheet_type="lean_canvas",
    icon=":material/dashboard:",
    title="官民連携用リーンキャンバス",
    model=LeanCanvas,
    layout=layout,
    description=(
        "官民連携による課題解決のビジネスモデルを9つのブロックで整理します（図表21）。"
        "Ⅰ・Ⅱ・Ⅲ・Ⅷは、自治体と接点を持ちコミュニケーションを始めるうえでの最低限の情報です。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市と企業（NEC）の健康アプリを読み込む": "lean_canvas_iwata.json"},
    form_grid=(
        (("theme",), ("company",), ("municipality",)),
        (("problem",), ("activities", "kpi"), ("value",), ("advantage", "channels"), ("beneficiaries",)),
        (("costs",), ("revenue",)),
        (("source",),),
    ),
    minimum_note=MINIMUM_NOTE,
    jargon_check=True,
)
