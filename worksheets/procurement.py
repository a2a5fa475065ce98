"""調達方法ナビ: which procurement methods the guide describes fit a case (a pure function, no UI).

The methods, their guide quotes, sections, typical durations and 公平性 points live in
``data/procurement_methods.json``; :func:`assess` only decides, from the answers, which of them are
candidates, which depend on conditions and which hardly fit, each with the reason in Japanese. The
answers it branches on are enums (:class:`Spec`, :class:`Amount` …) whose values are the sheet's choices.
It is an aid that cites the guide, never legal advice (:func:`disclaimer`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from worksheets.reference import DATA, ExitId, exit_id

# The answers to 調達方法ナビ's questions: the wording users see and save, written here only (the sheet's
# choices are these values, in this order). "" is 「（未選択）」; UNKNOWN is the same answer for every question.
UNKNOWN = "わからない"


class Spec(StrEnum):
    """仕様書を明確に定義できるか"""

    UNANSWERED = ""
    DEFINABLE = "定義できる"
    HARD = "定義が難しい"
    UNKNOWN = UNKNOWN


class Novelty(StrEnum):
    """新商品・新役務か"""

    UNANSWERED = ""
    NEW = "新商品・新役務にあたる"
    NOT_NEW = "あたらない"
    UNKNOWN = UNKNOWN


class Amount(StrEnum):
    """金額（予定価格）"""

    UNANSWERED = ""
    SMALL = "少額（自治体の規則の少額基準以下）"
    ABOVE_SMALL = "少額を超える"
    NO_SPEND = "支出なし（予算を使わない）"
    UNKNOWN = UNKNOWN


class Exclusivity(StrEnum):
    """排他性"""

    UNANSWERED = ""
    LOW = "低い（他の企業とも同様に連携できる）"
    HIGH = "高い（土地・建物などを特定の企業に長期提供する等）"
    UNKNOWN = UNKNOWN


class Shared(StrEnum):
    """他の自治体も同じ課題を抱えているか"""

    UNANSWERED = ""
    SHARED = "他の自治体も抱えている"
    ONLY_HERE = "この自治体だけ"
    UNKNOWN = UNKNOWN


class Saas(StrEnum):
    """クラウドソフトウェア（SaaS）の調達か"""

    UNANSWERED = ""
    YES = "はい"
    NO = "いいえ"
    UNKNOWN = UNKNOWN


def choices(answers: type[StrEnum]) -> tuple[str, ...]:
    """A question's choices as the sheet declares them (plain strings, in the enum's order)."""
    return tuple(a.value for a in answers)


SPEC_CHOICES = choices(Spec)
NOVELTY_CHOICES = choices(Novelty)
AMOUNT_CHOICES = choices(Amount)
EXCLUSIVITY_CHOICES = choices(Exclusivity)
SHARED_CHOICES = choices(Shared)
SAAS_CHOICES = choices(Saas)


class Fit(StrEnum):
    CANDIDATE = "候補"
    DEPENDS = "条件しだい"
    UNLIKELY = "当てはまりにくい"


FIT_ORDER = {Fit.CANDIDATE: 0, Fit.DEPENDS: 1, Fit.UNLIKELY: 2}


@dataclass(frozen=True)
class Answers:
    exit: str = ""  # 「① …」「② …」「③ …」 or "" (the wording lives in data/exits.json)
    spec: Spec = Spec.UNANSWERED
    novelty: Novelty = Novelty.UNANSWERED
    amount: Amount = Amount.UNANSWERED
    exclusivity: Exclusivity = Exclusivity.UNANSWERED
    shared: Shared = Shared.UNANSWERED
    saas: Saas = Saas.UNANSWERED


@dataclass(frozen=True)
class Assessment:
    method: dict[str, Any]  # a row of data/procurement_methods.json
    fit: Fit
    reason: str

    @property
    def name(self) -> str:
        return str(self.method["name"])


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads((DATA / "procurement_methods.json").read_text(encoding="utf-8")))


def methods() -> list[dict[str, Any]]:
    return list(_data()["methods"])


def method_by_name(name: str) -> dict[str, Any] | None:
    return next((m for m in methods() if m["name"] == name), None)


def disclaimer() -> str:
    return str(_data()["disclaimer"])


def fairness() -> dict[str, str]:
    return dict(_data()["fairness"])


def requirements() -> dict[str, Any]:
    """The nine requirements for a 随意契約, as the guide lists them (title, section, items)."""
    return dict(_data()["requirements"])


def requirements_text() -> str:
    req = requirements()
    return "\n".join([f"{req['title']}（実践ガイド {req['section']}）", *req["items"]])


METHOD_NAMES = tuple(m["name"] for m in methods())


def _fit(method_id: str, a: Answers) -> tuple[Fit, str]:
    no_spend = a.amount == Amount.NO_SPEND
    exit_two = exit_id(a.exit) is ExitId.VIA
    high_excl = a.exclusivity == Exclusivity.HIGH
    if method_id == "agreement":
        if not exit_two:
            return Fit.UNLIKELY, "連携協定は出口②（自治体“を介して”広める）の方法です。"
        if high_excl:
            return Fit.DEPENDS, "排他性が高い内容は、対話だけでなく公募などで選定の公平性を担保する必要があります。"
        return Fit.CANDIDATE, "出口②で排他性が低いため、ほとんどの場合、改めて公募を行うプロセスは不要と考えられます。"
    if no_spend:
        return Fit.UNLIKELY, "公金の支出を伴わない連携には、公共調達の方法は当てはまりません。"
    later = "（出口③では、実証の後に予算化して調達するときの候補です）" if exit_id(a.exit) is ExitId.WITH else ""
    if exit_two:
        later = "（出口②でも、自治体が製品・サービスを購入するなら公共調達になります）"
    if method_id == "price":
        if a.spec == Spec.DEFINABLE:
            return Fit.CANDIDATE, "仕様書を明確に定義できるため、原則である価格競争が使えます。" + later
        return Fit.DEPENDS, "公共調達の原則ですが、仕様書を明確に定義することが前提です。" + later
    if method_id == "overall":
        if a.spec in (Spec.HARD, Spec.UNKNOWN):
            return Fit.CANDIDATE, "価格に加えて技術や提案内容を評価できます。" + later
        return Fit.DEPENDS, "価格と内容のバランスで選ぶ場合の方法です。" + later
    if method_id == "proposal":
        if a.spec == Spec.HARD:
            return (
                Fit.CANDIDATE,
                "仕様書を明確に定義することが難しいため、実践ガイドが推奨する企画競争が候補です。" + later,
            )
        return Fit.DEPENDS, "仕様書を明確に定義することが難しい場合に推奨される方法です。" + later
    if method_id == "small":
        if a.amount == Amount.SMALL:
            return Fit.CANDIDATE, "予定価格が少額の場合は随意契約の要件①にあたる可能性があります。" + later
        if a.amount == Amount.ABOVE_SMALL:
            return Fit.UNLIKELY, "予定価格が少額を超えるため、要件①にはあたりません。"
        return Fit.DEPENDS, "少額の基準（自治体の規則）以下かを確かめます。" + later
    if method_id == "new_product":
        if a.novelty == Novelty.NEW:
            return (
                Fit.CANDIDATE,
                "新商品・新役務にあたるため、要件④（4号随契）とトライアル発注認定制度が候補です。" + later,
            )
        if a.novelty == Novelty.NOT_NEW:
            return Fit.UNLIKELY, "新商品・新役務にあたらないため、要件④は使えません。"
        return Fit.DEPENDS, "新商品・新役務にあたるか、相手の自治体に認定制度があるかを確かめます。" + later
    if method_id == "dmp":
        if a.saas == Saas.YES:
            return Fit.CANDIDATE, "SaaS の調達なので、DMP カタログサイトから選定できます。" + later
        if a.saas == Saas.NO:
            return Fit.UNLIKELY, "DMP は SaaS（クラウドソフトウェア）の調達に使う仕組みです。"
        return Fit.DEPENDS, "SaaS（クラウドソフトウェア）の調達かを確かめます。" + later
    if method_id == "joint":
        if a.shared == Shared.SHARED:
            return Fit.CANDIDATE, "複数の自治体が同じ課題を抱えているため、共同調達が候補です。" + later
        if a.shared == Shared.ONLY_HERE:
            return Fit.UNLIKELY, "共同調達は、複数の自治体が共通して抱える課題に向く方法です。"
        return (
            Fit.DEPENDS,
            "同じ課題を抱える自治体があるかを確かめます（課題の共有は自治体編①でも勧められています）。" + later,
        )
    if method_id == "pfs":
        return Fit.DEPENDS, "社会課題の解決に対応した成果指標を設定できるかしだいです。" + later
    raise KeyError(method_id)


def assess(answers: Answers) -> list[Assessment]:
    """Every method of the table with its fit and reason: candidates first, then the table's order."""
    out = [Assessment(m, *_fit(m["id"], answers)) for m in methods()]
    return sorted(out, key=lambda x: FIT_ORDER[x.fit])


def candidates(answers: Answers) -> list[str]:
    return [x.name for x in assess(answers) if x.fit is Fit.CANDIDATE]
