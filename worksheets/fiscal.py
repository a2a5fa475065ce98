"""Fiscal years, 和暦 and the budget-calendar rules (DOMAIN.md §3). Pure functions, no I/O.

The rules are 目安 derived from the guide's prose (S1 L564-622, L1619-1665):
contact by the first-contact deadline (7/31) → the next 年度 is feasible; by the agreement
deadline (10/31) → the next 年度 is at risk; later → 翌々年度.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class Verdict:
    contact: date
    contact_fiscal_year: int
    earliest_fiscal_year: int | None
    status: str  # ok | at_risk | next_next | no_budget
    headline: str
    deadlines: tuple[Deadline, ...]
    alternatives: tuple[str, ...]

    @property
    def earliest_label(self) -> str | None:
        return None if self.earliest_fiscal_year is None else wareki(self.earliest_fiscal_year)

    def to_json(self) -> dict[str, object]:
        return {
            "contact": self.contact.isoformat(),
            "contact_fiscal_year": self.contact_fiscal_year,
            "contact_fiscal_year_label": wareki(self.contact_fiscal_year),
            "earliest_fiscal_year": self.earliest_fiscal_year,
            "earliest_fiscal_year_label": self.earliest_label,
            "status": self.status,
            "headline": self.headline,
            "deadlines": [{"date": d.day.isoformat(), "label": d.label} for d in self.deadlines],
            "alternatives": list(self.alternatives),
        }


# The guide's alternatives when the budget window is missed (S1 L1655-1657, L994-1000, L1623).
ALTERNATIVES = (
    "トライアル実証事業等で実績をつくる（S1 L1655）",
    "無償で最小限の試験的提供を申し出る（S1 L1655）",
    "出口②（自治体“を介して”広める）や出口③（自治体“と共に”創る）から始め、その成果を予算要求に使う（S1 L998）",
    "補正予算（3・6・9・12月に編成されることが多い。必ず編成されるとは限らない）を注視する（S1 L1623）",
    "行政評価をもとに、既存事業の見直しと事業者の代替を提案する（S1 L1657）",
)


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _ym(day: date) -> str:
    return f"{day.year}年{day.month}月"


def budget_deadlines(target_fy: int, cal: CalendarRules, procurement: str = "") -> list[Deadline]:
    """The dated steps that lead to a 当初予算 for ``target_fy`` (compiled during the year before)."""
    prep = target_fy - 1
    fc, ag, rq, asmt = cal.first_contact, cal.agreement, cal.request, cal.assessment
    out = [
        Deadline(
            in_fiscal_year(prep, cal.dialogue_start_month),
            f"{_ym(in_fiscal_year(prep, cal.dialogue_start_month))}～"
            f"{cal.dialogue_end_month}月 対話（予算に反映するための働きかけ）",
            "phase",
        ),
        Deadline(in_fiscal_year(prep, *fc), f"{_ymd(in_fiscal_year(prep, *fc))}までに初回接触"),
        Deadline(in_fiscal_year(prep, *ag), f"{_ymd(in_fiscal_year(prep, *ag))}までに枠組み合意"),
        Deadline(in_fiscal_year(prep, *rq), f"{_ymd(in_fiscal_year(prep, *rq))} 予算要求の締切"),
        Deadline(in_fiscal_year(prep, *asmt), f"{_ymd(in_fiscal_year(prep, *asmt))}まで 査定による調整"),
        Deadline(
            in_fiscal_year(prep, cal.proposal_month), f"{_ym(in_fiscal_year(prep, cal.proposal_month))} 予算案の公表"
        ),
        Deadline(
            in_fiscal_year(prep, cal.vote_month), f"{_ym(in_fiscal_year(prep, cal.vote_month))} 議会（当初予算の議決）"
        ),
        Deadline(date(target_fy, 4, 1), f"{_ymd(date(target_fy, 4, 1))} {fy_label(target_fy)}の予算執行開始"),
    ]
    if procurement.startswith("企画競争"):
        decided = in_fiscal_year(target_fy, 4 + cal.procurement_months - 1)
        out.append(
            Deadline(
                month_end(target_fy, decided.month),
                f"{_ym(decided)}頃 事業者決定（企画競争：公示から2～3か月）",
                "info",
            )
        )
    out.append(
        Deadline(
            date(target_fy + 1, 3, 31),
            f"{_ymd(date(target_fy + 1, 3, 31))} 年度末：支払いは原則として事業完了後（着金まで最長1年ほど）",
            "info",
        )
    )
    return out


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


def verdict(contact: date, cal: CalendarRules, *, needs_budget: bool = True, procurement: str = "") -> Verdict:
    """The DOMAIN §3.3 rules, with the calendar's own dates."""
    fy = fiscal_year(contact)
    if not needs_budget:
        return Verdict(
            contact,
            fy,
            None,
            "no_budget",
            "自治体の予算を使わない計画のため、予算の判定はありません。スケジュールのみ表示します。",
            (),
            (),
        )
    first_contact = in_fiscal_year(fy, *cal.first_contact)
    agreement = in_fiscal_year(fy, *cal.agreement)
    if contact <= first_contact and contact >= date(fy, 4, 1):
        status, earliest = "ok", fy + 1
        headline = (
            f"{fy_label(fy + 1)}の当初予算に間に合う時期です（目安）。"
            f"{_ymd(agreement)}までに枠組みを擦り合わせましょう。"
        )
    elif contact <= agreement:
        status, earliest = "at_risk", fy + 1
        headline = (
            f"{fy_label(fy + 1)}は間に合う可能性がありますが、時間がありません（目安）。"
            f"{_ymd(agreement)}までに枠組みを合意できなければ{fy_label(fy + 2)}になります。"
        )
    else:
        status, earliest = "next_next", fy + 2
        headline = (
            f"翌年度の予算要求は担当課でほぼ終わっているため、最短で{fy_label(fy + 2)}（翌々年度）の"
            "当初予算での検討になります（目安）。"
        )
    ahead = tuple(d for d in budget_deadlines(earliest, cal, procurement) if d.day >= contact)
    alternatives = () if status == "ok" else ALTERNATIVES
    return Verdict(contact, fy, earliest, status, headline, ahead, alternatives)
