"""Fiscal years, 和暦 and the budget-calendar rules (DOMAIN.md §3). Pure functions; the only file read is
data/timeline_options.json (the ways forward, cached). :class:`Budget` and :class:`Procurement` word the
timeline's choices that the verdict branches on.

The rules are 目安 derived from the guide's prose (S1 L564-622, L1619-1665; 第2章(3), 第4章(2)⑤予算化):
contact by the first-contact deadline (7/31) → the next 年度 is feasible; by the agreement
deadline (10/31) → the next 年度 is at risk; later → 翌々年度 (``Verdict.status``, unchanged for the CLI).
How serious that is depends on the user's goal (希望する開始時期, or exit ① after a 実証):
``Verdict.severity`` and ``Verdict.category``.
"""

from __future__ import annotations

import calendar as _cal
import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from worksheets.reference import ExitId, exit_id, exits

REIWA_START = 2019  # 令和元年度 = 2019年度


def fiscal_year(day: date) -> int:
    """The 年度 (April–March) a day belongs to, as the 西暦 year in which it starts."""
    return day.year if day.month >= 4 else day.year - 1


def wareki(fy: int) -> str:
    """2028 → 令和10年度 (2019 → 令和元年度)."""
    n = fy - REIWA_START + 1
    if n < 1:
        n_heisei = fy - 1988
        return f"平成{n_heisei}年度"
    return f"令和{'元' if n == 1 else n}年度"


def fy_label(fy: int) -> str:
    return f"{fy}年度（{wareki(fy)}）"


def month_label(start_month: int, column: int) -> str:
    """The month over column ``column`` (1-based) of a schedule that starts in ``start_month``."""
    return f"{(start_month - 1 + column - 1) % 12 + 1}月"


def parse_month_day(text: str) -> tuple[int, int]:
    """'10/31' → (10, 31); raises ValueError with a Japanese message."""
    try:
        month_s, day_s = text.replace("月", "/").replace("日", "").split("/")[:2]
        month, day = int(month_s), int(day_s)
        date(2001 if month != 2 else 2000, month, day)  # leap year for 2/29
    except (ValueError, TypeError):
        raise ValueError(f"「{text}」は月/日の形式（例: 10/31）で入力してください") from None
    return month, day


def parse_months(text: str) -> tuple[int, ...]:
    """'3,6,9,12' (also 「3・6・9・12」「3、6」) → (3, 6, 9, 12); raises ValueError with a Japanese message."""
    parts = [p.strip() for p in text.replace("・", ",").replace("、", ",").replace("，", ",").split(",") if p.strip()]
    if not all(p.isdigit() and 1 <= int(p) <= 12 for p in parts):
        raise ValueError("月の数字をカンマ区切りで入力してください（例: 3,6,9,12）")
    return tuple(int(p) for p in parts)


def in_fiscal_year(fy: int, month: int, day: int = 1) -> date:
    """The date with this month/day inside 年度 ``fy`` (Jan–Mar fall in the following 西暦 year)."""
    year = fy if month >= 4 else fy + 1
    last = _cal.monthrange(year, month)[1]
    return date(year, month, min(day, last))


def month_end(fy: int, month: int) -> date:
    return in_fiscal_year(fy, month, 31)


@dataclass(frozen=True)
class Deadline:
    day: date
    label: str
    kind: str = "deadline"  # deadline | phase | info


class Severity(StrEnum):
    """How the page shows a verdict (colour): from the user's goal, not from the calendar alone."""

    OK = "ok"
    CAUTION = "caution"
    LATE = "late"
    INFO = "info"


class Status(StrEnum):
    """Where a first contact falls in the budget calendar alone (the CLI's ``status`` values)."""

    OK = "ok"
    AT_RISK = "at_risk"
    NEXT_NEXT = "next_next"
    NO_BUDGET = "no_budget"


class Budget(StrEnum):
    """タイムライン「自治体の予算」: the wording users see and save (the one place it is written)."""

    NEEDED = "必要"
    NOT_NEEDED = "不要"


class Procurement(StrEnum):
    """タイムライン「調達の方法」: the wording users see and save (the one place it is written).
    Coarser than 調達方法ナビ's methods: data/procurement_methods.json maps each method onto one of these."""

    UNDECIDED = "未定"
    PROPOSAL = "企画競争（プロポーザル）"
    PRICE = "価格競争（一般競争入札）"
    NEGOTIATED = "随意契約（4号随契・トライアル発注など）"
    AGREEMENT = "連携協定・実証（調達なし）"

    @classmethod
    def from_text(cls, text: str) -> Procurement:
        """The method named by its full wording or by the words before 「（」 (``企画競争``), as typed
        on the command line; ValueError for anything else."""
        text = text.strip()
        for method in cls:
            if text and text in (method.value, method.value.split("（")[0]):
                return method
        raise ValueError(text)


@dataclass(frozen=True)
class Option:
    """A way forward when the budget window does not fit: the app's summary with its condition, the
    source's own words and where they are."""

    text: str
    quote: str
    source: str

    def __str__(self) -> str:
        return f"{self.text}（{self.source}）"


@dataclass(frozen=True)
class Verdict:
    contact: date
    contact_fiscal_year: int
    earliest_fiscal_year: int | None
    status: Status  # the calendar alone
    headline: str
    deadlines: tuple[Deadline, ...]
    alternatives: tuple[Option, ...]
    severity: Severity = Severity.OK
    category: str = ""
    target_fiscal_year: int | None = None  # the 当初予算 the deadlines lead to
    notes: tuple[Option, ...] = ()

    @property
    def earliest_label(self) -> str | None:
        return None if self.earliest_fiscal_year is None else wareki(self.earliest_fiscal_year)

    @property
    def line(self) -> str:
        """The verdict in one line, category first (page, PDF and CLI print the same)."""
        return f"{self.category}　{self.headline}"

    def to_json(self) -> dict[str, object]:
        return {
            "contact": self.contact.isoformat(),
            "contact_fiscal_year": self.contact_fiscal_year,
            "contact_fiscal_year_label": wareki(self.contact_fiscal_year),
            "earliest_fiscal_year": self.earliest_fiscal_year,
            "earliest_fiscal_year_label": self.earliest_label,
            "status": self.status.value,
            "severity": self.severity.value,
            "category": self.category,
            "headline": self.headline,
            "target_fiscal_year": self.target_fiscal_year,
            "deadlines": [{"date": d.day.isoformat(), "label": d.label} for d in self.deadlines],
            "alternatives": [{"text": a.text, "quote": a.quote, "source": a.source} for a in self.alternatives],
            "notes": [{"text": a.text, "quote": a.quote, "source": a.source} for a in self.notes],
        }


_DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def _options_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_DATA / "timeline_options.json").read_text(encoding="utf-8"))
    return data


def _exit_names() -> dict[str, str]:
    """The exits' wording lives in data/exits.json only."""
    return {e["id"]: str(e["name"]) for e in exits()}


def options(exit_label: str = "") -> tuple[Option, ...]:
    """The ways forward (data/timeline_options.json) that fit the chosen exit (all when 未定)."""
    names = _exit_names()
    exit_id = next((i for i in names if exit_label.startswith(i)), "未定")
    out = []
    for row in _options_data()["options"]:
        if exit_id not in row["exits"]:
            continue
        text = str(row["text"]).format(exit2=names.get("②", "②"), exit3=names.get("③", "③"))
        out.append(Option(text, str(row["quote"]), str(row["source"])))
    return tuple(out)


def supplementary_note() -> Option:
    row = _options_data()["supplementary_note"]
    return Option(str(row["text"]), str(row["quote"]), str(row["source"]))


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _ym(day: date) -> str:
    return f"{day.year}年{day.month}月"


def _md(month_day: tuple[int, int]) -> str:
    return f"{month_day[0]}月{month_day[1]}日"


@dataclass(frozen=True)
class CalendarRules:
    """The dates a verdict needs (parsed from a budget calendar sheet)."""

    name: str = "一般的なスケジュール（目安）"
    dialogue_start_month: int = 5
    dialogue_end_month: int = 8
    first_contact: tuple[int, int] = (7, 31)
    agreement: tuple[int, int] = (10, 31)
    request: tuple[int, int] = (10, 31)
    assessment: tuple[int, int] = (12, 31)
    proposal_month: int = 2
    vote_month: int = 3
    supplementary_months: tuple[int, ...] = (3, 6, 9, 12)
    procurement_months: int = 3

    def agreement_in(self, fy: int) -> date:
        """The agreement deadline that really applies: never after the 予算要求 deadline."""
        return min(in_fiscal_year(fy, *self.agreement), in_fiscal_year(fy, *self.request))

    def first_contact_in(self, fy: int) -> date:
        return min(in_fiscal_year(fy, *self.first_contact), self.agreement_in(fy))

    def warnings(self) -> tuple[str, ...]:
        """Dates of this calendar that contradict each other (in 年度 order, April to March)."""
        fy = 2001  # any 年度 will do: only the order matters
        d = {
            "dialogue_start": in_fiscal_year(fy, self.dialogue_start_month),
            "dialogue_end": month_end(fy, self.dialogue_end_month),
            "first_contact": in_fiscal_year(fy, *self.first_contact),
            "agreement": in_fiscal_year(fy, *self.agreement),
            "request": in_fiscal_year(fy, *self.request),
            "assessment": in_fiscal_year(fy, *self.assessment),
            "proposal": in_fiscal_year(fy, self.proposal_month),
            "vote": in_fiscal_year(fy, self.vote_month),
        }
        out = []
        if d["dialogue_start"] > d["dialogue_end"]:
            out.append(
                f"対話の開始月（{self.dialogue_start_month}月）が終了月（{self.dialogue_end_month}月）より後です"
                "（年度は4月始まり）。"
            )
        if d["first_contact"] > d["agreement"]:
            out.append(
                f"初回接触の期限（{_md(self.first_contact)}）が枠組み合意の期限（{_md(self.agreement)}）より後です。"
            )
        if d["agreement"] > d["request"]:
            out.append(
                f"枠組み合意の期限（{_md(self.agreement)}）が予算要求の締切（{_md(self.request)}）より後です。"
                f"合意は要求の前に済ませる必要があるため、判定では{_md(self.request)}を合意の期限として扱います。"
            )
        if d["dialogue_end"] > d["request"]:
            out.append(
                f"対話の終了月（{self.dialogue_end_month}月）が予算要求の締切（{_md(self.request)}）より後です。"
            )
        if d["request"] > d["assessment"]:
            out.append(
                f"予算要求の締切（{_md(self.request)}）が査定の終了（{_md(self.assessment)}）より後です。"
            )
        if d["assessment"] >= d["proposal"].replace(day=1) and d["assessment"] > month_end(fy, self.proposal_month):
            out.append(
                f"査定の終了（{_md(self.assessment)}）が予算案の公表月（{self.proposal_month}月）より後です。"
            )
        if d["proposal"] > d["vote"]:
            out.append(f"予算案の公表月（{self.proposal_month}月）が議決の月（{self.vote_month}月）より後です。")
        return tuple(out)


def procurement_window(target_fy: int, months: int) -> tuple[date, date]:
    """公示 and 事業者決定 of the procurement once ``target_fy``'s budget is in force: 公示 on the 年度's
    first day, 事業者決定 at the end of the ``months``-th month (3 → 4月1日～6月30日; 12 → the 年度's last day).
    The deadline list and the timeline's 調達 bar both take their dates from here."""
    start = date(target_fy, 4, 1)
    year, month = divmod(3 + months, 12)  # the month after the last one, counted from January of target_fy
    return start, date(target_fy + year, month + 1, 1) - timedelta(days=1)


def budget_deadlines(
    target_fy: int,
    cal: CalendarRules,
    procurement: Procurement = Procurement.UNDECIDED,
    procurement_months: int | None = None,
) -> list[Deadline]:
    """The dated steps that lead to a 当初予算 for ``target_fy`` (compiled during the year before),
    in date order. 企画競争's 事業者決定 comes ``procurement_months`` after 公示 (the plan's own duration,
    from the 調達方法ナビ), else the calendar's 企画競争の期間."""
    prep = target_fy - 1
    fc, ag = cal.first_contact_in(prep), cal.agreement_in(prep)
    rq, asmt = in_fiscal_year(prep, *cal.request), in_fiscal_year(prep, *cal.assessment)
    dialogue = in_fiscal_year(prep, cal.dialogue_start_month)
    out = [
        Deadline(dialogue, f"{_ym(dialogue)}～{cal.dialogue_end_month}月 対話（予算に反映するための働きかけ）", "phase"),
        Deadline(fc, f"{_ymd(fc)}までに初回接触"),
        Deadline(ag, f"{_ymd(ag)}までに枠組み合意"),
        Deadline(rq, f"{_ymd(rq)} 予算要求の締切"),
        Deadline(asmt, f"{_ymd(asmt)}まで 査定による調整"),
        Deadline(
            in_fiscal_year(prep, cal.proposal_month), f"{_ym(in_fiscal_year(prep, cal.proposal_month))} 予算案の公表"
        ),
        Deadline(
            in_fiscal_year(prep, cal.vote_month), f"{_ym(in_fiscal_year(prep, cal.vote_month))} 議会（当初予算の議決）"
        ),
        Deadline(date(target_fy, 4, 1), f"{_ymd(date(target_fy, 4, 1))} {fy_label(target_fy)}の予算執行開始"),
    ]
    if procurement == Procurement.PROPOSAL:
        months = procurement_months or cal.procurement_months
        _, decided = procurement_window(target_fy, months)
        out.append(Deadline(decided, f"{_ym(decided)}頃 事業者決定（企画競争：公示から{months}か月）", "info"))
    out.append(
        Deadline(
            date(target_fy + 1, 3, 31),
            f"{_ymd(date(target_fy + 1, 3, 31))} 年度末：支払いは原則として事業完了後（着金まで最長1年ほど）",
            "info",
        )
    )
    order = {id(d): i for i, d in enumerate(out)}
    return sorted(out, key=lambda d: (d.day, order[id(d)]))


def _calendar_status(contact: date, cal: CalendarRules) -> tuple[Status, int]:
    """The DOMAIN §3.3 rules with the calendar's own dates: (status, earliest 年度)."""
    fy = fiscal_year(contact)
    if contact <= cal.first_contact_in(fy):
        return Status.OK, fy + 1
    if contact <= cal.agreement_in(fy):
        return Status.AT_RISK, fy + 1
    return Status.NEXT_NEXT, fy + 2


def verdict(
    contact: date,
    cal: CalendarRules,
    *,
    needs_budget: bool = True,
    procurement: Procurement = Procurement.UNDECIDED,
    procurement_months: int | None = None,
    desired_start: date | None = None,
    pilot_end: date | None = None,
    exit_label: str = "",
) -> Verdict:
    """The verdict for a first contact on ``contact``.

    ``status``/``earliest_fiscal_year`` come from the calendar alone. The severity compares the earliest
    reachable 年度 with the user's goal: the 年度 of ``desired_start``, else (exit ①) the 年度 after a
    実証 ending on ``pilot_end`` whose results should support that year's 予算要求."""
    fy = fiscal_year(contact)
    if not needs_budget:
        return Verdict(
            contact,
            fy,
            None,
            Status.NO_BUDGET,
            "自治体の予算を使わない計画のため、予算の判定はありません。スケジュールのみ表示します。",
            (),
            (),
            Severity.INFO,
            "予算の判定なし",
        )
    status, earliest = _calendar_status(contact, cal)
    agreement = cal.agreement_in(fy)
    target = earliest
    tight = (
        f"{fy_label(earliest)}は間に合う可能性がありますが、時間がありません（目安）。"
        f"{_ymd(agreement)}までに枠組みを合意できなければ{fy_label(earliest + 1)}になります。"
    )

    def on_time(year: int) -> str:
        ag, rq = cal.agreement_in(year - 1), in_fiscal_year(year - 1, *cal.request)
        return (
            f"{fy_label(year)}の当初予算に間に合う時期です（目安）。"
            f"{_ymd(ag)}までに枠組みを擦り合わせ、{_ymd(rq)}の予算要求に載せましょう。"
        )

    if desired_start is not None:
        wish = fiscal_year(desired_start)
        if wish < earliest:
            severity, category = Severity.LATE, "希望の時期に間に合いません"
            missed = cal.agreement_in(wish - 1)
            why = f"{fy_label(wish)}の当初予算は{fy_label(wish - 1)}中に編成され、枠組み合意の期限は{_ymd(missed)}です"
            headline = (
                f"希望する開始時期（{desired_start.year}年{desired_start.month}月）の{fy_label(wish)}の当初予算には"
                f"間に合いません（目安）。{why}。当初予算で最短は{fy_label(earliest)}です。"
            )
        elif wish == earliest and status is Status.AT_RISK:
            severity, category, headline = Severity.CAUTION, "要注意（間に合うかは枠組み合意しだい）", tight
        else:
            target = wish
            severity, category, headline = Severity.OK, "間に合う時期です", on_time(wish)
    elif pilot_end is not None and exit_id(exit_label) is ExitId.TO:
        pfy = fiscal_year(pilot_end)
        rq = in_fiscal_year(pfy, *cal.request)
        if pilot_end > rq:
            target = max(pfy + 2, earliest)
            severity, category = Severity.CAUTION, "要注意（実証の結果が予算要求に間に合いません）"
            headline = (
                f"実証の終了（{_ymd(pilot_end)}）が予算要求の締切（{_ymd(rq)}）より後のため、実証の結果を"
                f"{fy_label(pfy + 1)}の予算要求に使えません（目安）。出口①の本格導入は最短で"
                f"{fy_label(target)}の当初予算です。"
            )
        else:
            target = max(pfy + 1, earliest)
            if target == earliest and status is Status.AT_RISK:
                severity, category, headline = Severity.CAUTION, "要注意（間に合うかは枠組み合意しだい）", tight
            else:
                severity, category = Severity.OK, "間に合う時期です"
                headline = (
                    f"実証は予算要求の締切（{_ymd(rq)}）までに終わる計画です。出口①の本格導入は"
                    + on_time(target)
                )
    elif status is Status.AT_RISK:
        severity, category, headline = Severity.CAUTION, "要注意（間に合うかは枠組み合意しだい）", tight
    elif status is Status.OK:
        severity, category, headline = Severity.OK, "間に合う時期です", on_time(earliest)
    else:
        severity, category = Severity.OK, f"{fy_label(earliest)}の当初予算に向けて準備する時期です"
        headline = (
            f"{fy_label(fy + 1)}の予算要求は担当課でほぼ終わっている時期のため、当初予算で最短は"
            f"{fy_label(earliest)}です（目安）。"
            f"{_ymd(cal.first_contact_in(earliest - 1))}までに初回接触、"
            f"{_ymd(cal.agreement_in(earliest - 1))}までに枠組み合意を目指しましょう。"
        )
    ahead = tuple(d for d in budget_deadlines(target, cal, procurement, procurement_months) if d.day >= contact)
    late = severity in (Severity.LATE, Severity.CAUTION)
    alternatives = options(exit_label) if late else ()
    notes = (supplementary_note(),) if late else ()
    return Verdict(contact, fy, earliest, status, headline, ahead, alternatives, severity, category, target, notes)
