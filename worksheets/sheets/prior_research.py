"""事前リサーチ (guide 第4章（2）① 課題特定・企画 and 図表20; DOMAIN.md §4.3, §5.3).

Startup side. The guide's three kinds of information (✓ 各政策領域における自治体の動向や政策の方向性,
✓ 自治体の活動と現場で発生している課題, ✓ ターゲットとなる地域・自治体の基礎情報) as notes, and a checklist
of the information sources the guide names (図表20 and the text around it), each with a status, what
was found and the source link. The second kind is what canvas Ⅰ is written from.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from worksheets.layout import Cell, GridPage, Role, label_cell, prompt_cell, value_cell
from worksheets.spec import HINT_MARK, SAMPLE_SEMINAR, FieldSpec, GroupSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

CITE = "（実践ガイド 第4章（2）①「課題特定・企画」より）"
Area = Literal[
    "各政策領域における自治体の動向や政策の方向性",
    "自治体の活動と現場で発生している課題",
    "ターゲットとなる地域・自治体の基礎情報",
]
AREAS: tuple[Area, ...] = get_args(Area)  # the three kinds, written once (in Area)
CHECKED = ("未確認", "確認済み")
# The sources the guide names for each kind: 図表20's rows (in the area the guide's text puts them),
# 白書やレポート, 契約・入札情報, and the two dashboards with the guide's own 参考 URL.
SOURCES: tuple[tuple[Area, str, str], ...] = (
    (AREAS[0], "白書やレポート", ""),
    (AREAS[0], "公約 (マニフェスト)", ""),
    (AREAS[0], "所信表明", ""),
    (AREAS[0], "総合計画", ""),
    (AREAS[0], "分野別マスタープラン", ""),
    (AREAS[1], "行政評価", ""),
    (AREAS[1], "記者会見", ""),
    (AREAS[1], "プレスリリース・SNS", ""),
    (AREAS[2], "組織・事務分掌", ""),
    (AREAS[2], "契約・入札情報", ""),
    (AREAS[2], "地域幸福度（Well-Being）指標", "https://well-being.digital.go.jp/"),
    (AREAS[2], "RESAS（地域経済分析システム）", "https://resas.go.jp/"),
)

POLICY_HINT = (
    "自治体の課題意識は、往々にして国や首長の動向や課題意識と関連している場合が多いです。\n"
    "情報の収集にあたっては、国・自治体を含む各行政機関が発刊している白書やレポートのほか、"
    "総合計画や分野別のマスタープラン、首長の公約や所信表明などの公開資料・情報を参照することが可能です。\n" + CITE
)
FIELD_HINT = (
    "自治体との連携により自社のインパクト創出・ビジネス展開を図るうえでは、「現場で発生する具体的な課題」を"
    "把握することが重要となります。\n"
    "現場で発生する具体的な課題は、自治体が公開する行政評価などの公開資料のほか、施策・事業を所管する自治体職員に対して"
    "直接的な接点を持ち、必要に応じてヒアリング等を行い把握することが可能です。\n"
    + CITE
    + "\n"
    + HINT_MARK
    + "ここに書いたことは、リーンキャンバスの「Ⅰ 社会・地域が抱える課題」に取り込めます。"
)
BASE_HINT = (
    "自社が関連する政策領域が特に重要視される地域や自治体について、ホームページ等に掲載されている組織図、事務分掌、"
    "契約・入札情報等より、自治体内部の組織構造・役割分担や、調査時点で実施している事業とその内容を確認し、"
    "官民連携を実施するうえでコンタクトすべき部署・窓口や、課題を所管する担当課を把握します。\n" + CITE
)


class SourceItem(SheetModel):
    area: Annotated[Area, FieldSpec("調査事項", kind=Kind.CHOICE, part="情報ソース", choices=AREAS, counted=False)] = (
        AREAS[0]
    )
    name: Annotated[ShortText, FieldSpec("情報ソース", kind=Kind.SHORT, part="情報ソース")] = ""
    checked: Annotated[
        Literal["未確認", "確認済み"],
        FieldSpec("確認", kind=Kind.CHOICE, part="情報ソース", choices=CHECKED, counted=False),
    ] = "未確認"
    note: Annotated[LongText, FieldSpec("わかったこと", part="情報ソース")] = ""
    url: Annotated[ShortText, FieldSpec("URL・資料名", kind=Kind.SHORT, part="情報ソース", counted=False)] = ""


def default_sources() -> list[SourceItem]:
    return [SourceItem(area=a, name=n, url=u) for a, n, u in SOURCES]


class PriorResearch(SheetModel):
    municipality: Annotated[
        ShortText, FieldSpec("ターゲットとなる自治体", kind=Kind.SHORT, part="対象", minimum=True, placeholder="例）〇〇市")
    ] = ""
    domain: Annotated[
        ShortText,
        FieldSpec("自社が関連する政策領域", kind=Kind.SHORT, part="対象", placeholder="例）保健福祉"),
    ] = ""
    company: Annotated[ShortText, FieldSpec("スタートアップ名", kind=Kind.SHORT, part="対象")] = ""
    policy: Annotated[LongText, FieldSpec(AREAS[0], POLICY_HINT, part="3つの観点", minimum=True)] = ""
    field_issues: Annotated[LongText, FieldSpec(AREAS[1], FIELD_HINT, part="3つの観点", minimum=True)] = ""
    basics: Annotated[LongText, FieldSpec(AREAS[2], BASE_HINT, part="3つの観点", minimum=True)] = ""
    sources: Annotated[
        list[SourceItem],
        GroupSpec(
            "情報ソースのチェックリスト（図表20ほか）",
            "ソース{n}",
            HINT_MARK + "実践ガイドが挙げる情報ソースです。確認したら「確認済み」にし、わかったことと URL を書きます。",
            default_items=len(SOURCES),
            min_items=1,
            max_items=30,
            as_table=True,
        ),
        Field(min_length=1, max_length=30),
    ] = Field(default_factory=default_sources)
    source: Annotated[LongText, source_spec()] = ""


def layout(sheet: PriorResearch) -> list[GridPage]:
    page = GridPage("事前リサーチ", "事前リサーチ", (2.6, 2.2, 1.2, 4.2, 3))
    page.add(Cell(0, 0, "事前リサーチ", Role.TITLE, colspan=5))
    page.add(label_cell(sheet, "municipality", 1, 0))
    page.add(value_cell(sheet, "municipality", 1, 1, colspan=2))
    page.add(label_cell(sheet, "domain", 1, 3))
    page.add(value_cell(sheet, "domain", 1, 4))
    page.add(label_cell(sheet, "company", 2, 0))
    page.add(value_cell(sheet, "company", 2, 1, colspan=4))
    for row, name in enumerate(("policy", "field_issues", "basics"), start=3):
        page.add(prompt_cell(sheet, name, row, 0, hint=""))
        page.add(value_cell(sheet, name, row, 1, colspan=4))
    page.add(Cell(6, 0, "情報ソースのチェックリスト（実践ガイド 図表20ほか）", Role.HEADING, colspan=5))
    for col, heading in enumerate(("調査事項", "情報ソース", "確認", "わかったこと", "URL・資料名")):
        page.add(Cell(7, col, heading, Role.LABEL))
    row = 8
    for i in range(len(sheet.sources)):
        for col, name in enumerate(("area", "name", "checked", "note", "url")):
            page.add(value_cell(sheet, f"sources.{i}.{name}", row, col))
        row += 1
    page.add(label_cell(sheet, "source", row, 0))
    page.add(value_cell(sheet, "source", row, 1, colspan=4))
    return [page]


SPEC = SheetSpec(
    sheet_type="prior_research",
    icon=":material/travel_explore:",
    title="事前リサーチ",
    model=PriorResearch,
    layout=layout,
    description=(
        "スタートアップが自治体と接点を持つ前に、課題に対する理解・共感を深めるための3つの観点と、"
        "自治体のホームページ等で確かめられる情報ソース（実践ガイド 第4章（2）①、図表20）を確認します。"
        "「自治体の活動と現場で発生している課題」は、リーンキャンバスのⅠに取り込めます。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市についてわかることを読み込む": "prior_research_iwata.json"},
    form_grid=(
        (("municipality",), ("domain",), ("company",)),
        (("policy",), ("field_issues",), ("basics",)),
        (("sources",),),
        (("source",),),
    ),
)
