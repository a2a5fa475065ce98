"""対話チェックシート（6つの観点） (guide 第3章（2）② 2., DOMAIN.md §5.2).

One sheet per candidate partner. Each 観点 carries the guide's explanation as its hint (whole
paragraphs), the staff's notes, a status and the date it was checked. The guide's advice that
観点④～⑥ are settled over several meetings, naturally rather than as a questionnaire, is on the
page (description) and on the print (a note).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from worksheets.layout import Cell, GridPage, Role, label_cell, value_cell
from worksheets.spec import SAMPLE_SEMINAR, FieldSpec, Kind, SheetModel, SheetSpec, source_spec
from worksheets.text import LongText, ShortText

BASIC = "連携先候補"
STATUS = ("未確認", "確認中", "確認済み")
CITE = "（実践ガイド 第3章（2）②「2. 連携先候補との意見交換で、確認・認識合わせをしておくべき観点」より）"

LABELS = (
    "観点① 他都市導入実績",
    "観点② 円滑なコミュニケーションが取れるか",
    "観点③ 従来サービスとの優位性(コスト、質)",
    "観点④ 公共調達の場合は、契約フロー、支払いまでのスケジュール",
    "観点⑤ 非金銭的なメリットとして自治体に求めるもの",
    "観点⑥ 自治体が連携にあたり求めるもの(日本初、サービスの質向上、環境配慮)",
)
EXPLANATIONS = (
    "導入実績は、事業紹介の中で提示されることが多いと思われそうですが、その中でも自治体への導入実績については"
    "注視しておくといよいでしょう。また、自治体として初の事例づくりも重要であり、そのような自治体での実績がない場合"
    "においても、公共的な団体、金融機関、大企業、地元企業など、自治体の立場から馴染みがある実績がないか確認しておきましょう。\n"
    "担当職員の立場としては連携に向けて進めたいという意思があっても、自組織としての合意形成を図る際には、"
    "前例や実績について気にされることも多いでしょうから、そこへの安心材料として集めておくといよい情報といえます。",
    "自治体とスタートアップという異文化同士での連携では、やりとりが円滑にいかない場面も出てくるのが予想されます。"
    "認識の齟齬や理解の不足そのものについては問題ではありませんが、その不足を補い合っていける関係が構築できそうかという点は重要です。"
    "わからない点を質問し合えるか、またそういったやり取りを負のコストのみとして捉えず、理解を深める建設的なプロセスとして"
    "捉えられるか、といった価値観を持てる相手かどうか注視しておくといよいでしょう。",
    "連携の出口が公共調達であっても、支出を行わない形態であっても、従来サービスからの優位性については"
    "評価や判断の理由につながるため、必ず整理しておく必要があります。もし試験導入や実証実験を行う場合であれば、"
    "これらの優位性がどのような課題解決に寄与するのかを検証していくこととなります。"
    "スタートアップ側にとってはアピールポイントになるため、質問をすれば基本的には答えが返ってくる点ではありますが、"
    "その強みが一般的な顧客に対してのみでなく、自治体という組織にとっても十分に魅力的な内容であるかはしっかり確認しておきましょう。",
    "特に、出口①自治体“へ”導入する（公共調達）を見据えた検討を進めていく際には、契約フロー、支払いまでのスケジュールについて、"
    "基本的な見通しを確認しておくといよいでしょう。価格競争なのか企画競争なのかによって契約相手の特定までのプロセスと"
    "スケジュールは変わってくるため、スタートアップ側が負担する準備工数や所要時間を許容してもらえそうかという点の確認が必要です。"
    "また、スタートアップは運転資金に余裕がないことが多いため、基本的には履行後の支払いになる点も認識共有し、"
    "問題ないかも確認しておきましょう。特に支払い時期について懸念が生まれるようであれば、"
    "事前に会計部門と概算払いなど先払いの対応可能性について調整しておくといよいでしょう。",
    "特に、出口②自治体“を介して”広める、出口③自治体“と共に”創る、を見据えた検討を進めていく際には、"
    "スタートアップ側がどのような非金銭的なメリットを求めているのかを確認しておきましょう。"
    "サービスを広めるために、自治体のネットワークや販路を活用したいのか、製品・サービスの開発や改善のために"
    "自治体が保有するデータや実証フィールドを提供してほしいのかなど、スタートアップ側が展開していきたい内容に沿って"
    "メリットの形は変わってきますので、よく認識合わせをしておきましょう。"
    "また、そのメリットを実際に提供できそうか、という点についても自治体内部で検討を進めておきましょう。"
    "提供するメリットの重さに応じて、手続きや内部調整事項の工数や所要時間も変わってくると思いますので、"
    "スタートアップ側の希望を確認し次第、早めに見通しを立てておきます。",
    "最後に、逆に自治体側が連携にあたり求めるものを整理し、希望として伝えておきましょう。"
    "例えば、「日本初」といった広報・PR用の目出しをつくることを希望する場合、担当課や関係団体の強い想いにより"
    "「サービスの質向上」を希望する場合、脱炭素推進の政策方針に照らした「環境配慮」について強いメッセージを打ち出した場合など、"
    "連携実現にあたってどのような期待を持っているのかを明確化・言語化し、スタートアップ側へ打診してみましょう。",
)
# The guide's advice on 観点④～⑥, as two whole sentences (printed and shown on the page).
ADVICE_QUOTES = (
    "特に観点④～⑥については、双方のメリットのすり合わせになりますので、一度に決まるものではなく、"
    "組織内での検討をお互いにしながら着地点を見定めていくこととなることが想定されます。",
    "そのため、一步一步進めていくつもりで対話を重ねていく心づもりをしておきましょう。",
)
ADVICE = (
    "実践ガイドの助言："
    + "".join(f"「{q}」" for q in ADVICE_QUOTES)
    + "各項目をストレートに確認していくのではなく、"
    "「なるべく自然なやり取りの中で感触を確かめていくとよいでしょう」。"
)

Status = Literal["未確認", "確認中", "確認済み"]


def _note(n: int) -> FieldSpec:
    return FieldSpec(LABELS[n], EXPLANATIONS[n] + "\n" + CITE, part=LABELS[n][:3], minimum=n < 3)


def _status(n: int) -> FieldSpec:
    return FieldSpec(f"{LABELS[n][:3]}の状況", kind=Kind.CHOICE, part=LABELS[n][:3], choices=STATUS, counted=False)


def _date(n: int) -> FieldSpec:
    return FieldSpec(f"{LABELS[n][:3]}の確認日", kind=Kind.DATE, part=LABELS[n][:3], counted=False)


class DialogueCheck(SheetModel):
    partner: Annotated[
        ShortText, FieldSpec("連携先候補（スタートアップ）", kind=Kind.SHORT, part=BASIC, minimum=True)
    ] = ""
    municipality: Annotated[
        ShortText, FieldSpec("自治体・部署", kind=Kind.SHORT, part=BASIC, placeholder="例）〇〇市 〇〇課")
    ] = ""
    theme: Annotated[ShortText, FieldSpec("テーマ・事業名", kind=Kind.SHORT, part=BASIC)] = ""
    v1_note: Annotated[LongText, _note(0)] = ""
    v1_status: Annotated[Status, _status(0)] = "未確認"
    v1_date: Annotated[date | None, _date(0)] = None
    v2_note: Annotated[LongText, _note(1)] = ""
    v2_status: Annotated[Status, _status(1)] = "未確認"
    v2_date: Annotated[date | None, _date(1)] = None
    v3_note: Annotated[LongText, _note(2)] = ""
    v3_status: Annotated[Status, _status(2)] = "未確認"
    v3_date: Annotated[date | None, _date(2)] = None
    v4_note: Annotated[LongText, _note(3)] = ""
    v4_status: Annotated[Status, _status(3)] = "未確認"
    v4_date: Annotated[date | None, _date(3)] = None
    v5_note: Annotated[LongText, _note(4)] = ""
    v5_status: Annotated[Status, _status(4)] = "未確認"
    v5_date: Annotated[date | None, _date(4)] = None
    v6_note: Annotated[LongText, _note(5)] = ""
    v6_status: Annotated[Status, _status(5)] = "未確認"
    v6_date: Annotated[date | None, _date(5)] = None
    source: Annotated[LongText, source_spec()] = ""


def layout(sheet: DialogueCheck) -> list[GridPage]:
    """One A4 page: the partner, then one row per 観点 (観点 | メモ | 状況 | 確認日), the advice, 出典."""
    page = GridPage("対話チェックシート", "対話チェックシート（6つの観点）", (3, 6, 1.4, 1.8))
    page.add(Cell(0, 0, "対話チェックシート（6つの観点）", Role.TITLE, colspan=4))
    for row, name in enumerate(("partner", "municipality", "theme"), start=1):
        page.add(label_cell(sheet, name, row, 0))
        page.add(value_cell(sheet, name, row, 1, colspan=3))
    for col, heading in enumerate(("観点", "確認したこと・メモ", "状況", "確認日")):
        page.add(Cell(4, col, heading, Role.HEADING))
    for n in range(6):
        row = 5 + n
        page.add(Cell(row, 0, LABELS[n], Role.LABEL))
        page.add(value_cell(sheet, f"v{n + 1}_note", row, 1))
        page.add(value_cell(sheet, f"v{n + 1}_status", row, 2))
        page.add(value_cell(sheet, f"v{n + 1}_date", row, 3))
    page.add(Cell(11, 0, "※ " + ADVICE, Role.NOTE, colspan=4))
    page.add(label_cell(sheet, "source", 12, 0))
    page.add(value_cell(sheet, "source", 12, 1, colspan=3))
    return [page]


SPEC = SheetSpec(
    sheet_type="dialogue_check",
    icon=":material/fact_check:",
    title="対話チェックシート（6つの観点）",
    model=DialogueCheck,
    layout=layout,
    description=(
        "連携先候補との意見交換で、確認・認識合わせをしておくべき6つの観点を、連携先候補ごとに記録します"
        "（実践ガイド 第3章（2）②）。" + ADVICE
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市と企業（NEC）の対話を読み込む": "dialogue_check_iwata.json"},
    form_grid=(
        (("partner",), ("municipality",), ("theme",)),
        *(((f"v{n}_note",), (f"v{n}_status", f"v{n}_date")) for n in range(1, 7)),
        (("source",),),
    ),
)
