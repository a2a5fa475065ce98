"""Carry-over between sheets and detection of later changes in the source.

Each :class:`Carry` lists, once, which target field is filled from which source fields (a target that
is a group, such as the map's 利害関係者, gets the carried items added after the ones already filled
in). This is the only carry-over mechanism; the pages draw every carry with one panel. A stored
link keeps the values carried at the time (the *snapshot*); when the source changes later, the
values it would carry now are compared with that snapshot, field by field. The steps a page runs
with these (read the source draft, apply, record the link, take later changes) are in
:mod:`worksheets.carry_over`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from worksheets.fiscal import Procurement
from worksheets.spec import GroupSpec, M, declared, entry, is_filled, item_model, with_value


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _issues(sheet: Any) -> str:
    return "\n".join(f"・{i.title.strip()}" for i in sheet.issues if i.title.strip())


def _bullets(items: list[str]) -> str:
    return "\n".join(f"・{i.strip()}" for i in items if i.strip())


def _procurement(plan: Any) -> str:
    return "" if plan.procurement == Procurement.UNDECIDED else f"調達の方法（タイムライン）：{plan.procurement}"


@dataclass(frozen=True)
class Carry:
    id: str
    label: str  # the button's words
    source_type: str
    target_type: str
    rules: tuple[tuple[str, Callable[[Any], Any]], ...]  # (target path, value from the source)

    def values(self, source: BaseModel) -> dict[str, Any]:
        return {path: fn(source) for path, fn in self.rules}


CARRIES: tuple[Carry, ...] = (
    Carry(
        "canvas_to_paper",
        "キャンバスから作成",
        "lean_canvas",
        "discussion_paper",
        (
            ("municipality", lambda c: c.municipality),
            ("theme", lambda c: c.theme),
            ("why", lambda c: c.problem),  # Ⅰ → 現状・課題とその背景
            ("how", lambda c: _join(c.value, c.activities)),  # Ⅲ・Ⅳ → 解決アプローチ
            ("whom", lambda c: c.beneficiaries),  # Ⅱ → 誰に対して
            ("what", lambda c: c.kpi),  # Ⅸ → 効果
            ("budget", lambda c: _join(c.costs, c.revenue)),  # Ⅵ・Ⅶ → 予算
        ),
    ),
    Carry(
        "issue_sheet_to_canvas",
        "課題整理シートから作成",
        "issue_sheet",
        "lean_canvas",
        (
            ("municipality", lambda s: s.municipality),
            ("theme", lambda s: s.theme),
            ("problem", _issues),  # ④課題 → Ⅰ
            ("beneficiaries", lambda s: s.situation),  # ②現状【状態】(誰が困っているのか) → Ⅱ
        ),
    ),
    Carry(
        "issue_sheet_to_paper",
        "課題整理シートから作成",
        "issue_sheet",
        "discussion_paper",
        (
            ("municipality", lambda s: s.municipality),
            ("theme", lambda s: s.theme),
            ("why", lambda s: _join(s.past_work, s.situation, _issues(s))),  # ②現状・④課題 → 現状・課題
        ),
    ),
    # issue 18: the 対話チェックシート, 庁内調整シート and 事前リサーチ take what earlier sheets already hold.
    Carry(
        "canvas_to_dialogue",
        "キャンバスから作成",
        "lean_canvas",
        "dialogue_check",
        (
            ("partner", lambda c: c.company),
            ("municipality", lambda c: c.municipality),
            ("theme", lambda c: c.theme),
            ("v3_note", lambda c: c.advantage),  # Ⅷ 既存の取組と比較した優位性 → 観点③
        ),
    ),
    Carry(
        "sanpo_to_dialogue",
        "三方よしマップから取り込む",
        "sanpo_yoshi",
        "dialogue_check",
        (("v5_note", lambda m: _bullets(m.public_resources)),),  # 行政が持ち寄る資源 → 観点⑤
    ),
    Carry(
        "timeline_to_dialogue",
        "タイムラインから取り込む",
        "timeline_plan",
        "dialogue_check",
        (("v4_note", _procurement),),  # 調達の方法 → 観点④ (nothing while it is 未定)
    ),
    Carry(
        "issue_sheet_to_coordination",
        "課題整理シートから作成",
        "issue_sheet",
        "internal_coordination",
        (
            ("project", lambda s: s.theme),
            ("lead", lambda s: _join(s.municipality, s.department).replace("\n", " ")),
            ("current", lambda s: _join(s.past_work, s.situation)),  # ②現状 → これまでの取組や現状
            ("gap", lambda s: _join(s.gap, _issues(s))),  # ③ギャップ・④課題 → それらを踏まえた課題
        ),
    ),
    Carry(
        "canvas_to_coordination",
        "キャンバスから取り込む",
        "lean_canvas",
        "internal_coordination",
        (
            ("partner", lambda c: c.company),
            ("difference", lambda c: c.advantage),  # Ⅷ 既存の取組と比較した優位性 → 何が違うのか
        ),
    ),
    Carry(
        "research_to_canvas",
        "事前リサーチから取り込む",
        "prior_research",
        "lean_canvas",
        (
            ("municipality", lambda r: r.municipality),
            ("company", lambda r: r.company),
            ("problem", lambda r: r.field_issues),  # 自治体の活動と現場で発生している課題 → Ⅰ
        ),
    ),
)


# ── issue 18: 調達方法ナビ → タイムライン, ペーパー・タイムライン → 実証計画, キャンバス・ペーパー・三方よし → 事業概要資料 ──


def _timeline_procurement(nav: Any) -> str:
    """The timeline's 調達の方法 for the chosen method ("" when the timeline has no such choice)."""
    from worksheets.procurement import method_by_name

    method = method_by_name(nav.chosen)
    return "" if method is None else str(method["timeline"])


def _schedule(paper: Any) -> str:
    start = paper.schedule_start_month
    rows = []
    for row in paper.schedule:
        months = row.months()
        if not row.task.strip():
            continue
        if months:
            first, last = ((start - 1 + m - 1) % 12 + 1 for m in (months[0], months[-1]))
            span = f"{first}月" if first == last else f"{first}月～{last}月"
            rows.append(f"・{row.task.strip()}（{span}）")
        else:
            rows.append(f"・{row.task.strip()}")
    return "\n".join(rows)


def _team(paper: Any) -> str:
    parts = [f"自治体：{paper.team_municipality.strip()}" if paper.team_municipality.strip() else ""]
    parts.append(f"スタートアップ：{paper.team_startup.strip()}" if paper.team_startup.strip() else "")
    return _join(*parts)


def _beneficiary_stakeholders(canvas: Any) -> list[dict[str, Any]]:
    """Each line of Ⅱ 受益者の属性・特徴 as a directly benefiting stakeholder of the society side."""
    from worksheets.sheets.sanpo_yoshi import Stakeholder
    from worksheets.text import split_lines

    names = [line.lstrip("・-* 　")[:200] for line in split_lines(canvas.beneficiaries)]
    return [Stakeholder(name=n, side="社会", beneficiary="直接").model_dump() for n in names if n]


def _known_exit(sheet: Any) -> str:
    """The map's exit when it is one of the guide's three (a file may hold any text there)."""
    from worksheets.reference import exit_for

    found = exit_for(sheet.exit) if sheet.exit else None
    return f"{found['id']} {found['name']}" if found else ""


def _request_deadline(plan: Any) -> str:
    """The 予算要求の締切 of the 年度 the timeline's verdict aims at (ISO date; "" when there is none)."""
    from datetime import date

    from worksheets.timeline_resolve import resolve

    deadlines = resolve(plan, date.today()).verdict.deadlines
    found = next((d.day for d in deadlines if "予算要求の締切" in d.label), None)
    return found.isoformat() if found else ""


CARRIES = (
    *CARRIES,
    Carry(
        "procurement_to_timeline",
        "調達方法ナビから取り込む",
        "procurement_nav",
        "timeline_plan",
        (
            ("project", lambda n: n.project),
            ("municipality", lambda n: n.municipality),
            ("exit", lambda n: n.exit),
            ("procurement", _timeline_procurement),  # 選んだ調達方法 → 調達の方法
            ("procurement_months", lambda n: n.months()),  # 期間の目安 → 調達の期間（チャートの帯）
        ),
    ),
    Carry(
        "paper_to_pilot",
        "ディスカッションペーパーから作成",
        "discussion_paper",
        "pilot_plan",
        (
            ("project", lambda p: p.theme),
            ("municipality", lambda p: p.municipality),
            ("why", lambda p: p.why),
            ("how", lambda p: p.how),
            ("what", lambda p: p.what),
            ("whom", lambda p: p.whom),
            ("budget", lambda p: p.budget),
            ("when", _schedule),
            ("who", _team),
            ("where", lambda p: p.where),
        ),
    ),
    Carry(
        "timeline_to_pilot",
        "タイムラインから取り込む",
        "timeline_plan",
        "pilot_plan",
        (("request_deadline", _request_deadline),),  # 判定した年度の予算要求の締切
    ),
    Carry(
        "canvas_to_sanpo",
        "キャンバスのⅡ受益者から取り込む",
        "lean_canvas",
        "sanpo_yoshi",
        (("stakeholders", _beneficiary_stakeholders),),  # Ⅱ 受益者（1行ずつ） → 利害関係者（社会・直接）
    ),
    Carry(
        "canvas_to_summary",
        "キャンバスから作成",
        "lean_canvas",
        "project_summary",
        (
            ("project", lambda c: c.theme),
            ("municipality", lambda c: c.municipality),
            ("company", lambda c: c.company),
            ("purpose", lambda c: c.problem),  # Ⅰ → 事業目的
            ("overview", lambda c: _join(c.value, c.activities)),  # Ⅲ・Ⅳ → 事業概要
            ("target", lambda c: c.beneficiaries),  # Ⅱ → 対象者
            ("goals", lambda c: c.kpi),  # Ⅸ → 成果目標
        ),
    ),
    Carry(
        "paper_to_summary",
        "ディスカッションペーパーから作成",
        "discussion_paper",
        "project_summary",
        (
            ("project", lambda p: p.theme),
            ("municipality", lambda p: p.municipality),
            ("purpose", lambda p: p.why),  # 現状・課題とその背景 → 事業目的
            ("overview", lambda p: _join(p.how, p.what)),  # 解決アプローチ・実現したいこと → 事業概要
            ("target", lambda p: p.whom),  # 誰に対して → 対象者
            ("budget", lambda p: p.budget),  # 必要となる予算 → 予算の規模
        ),
    ),
    Carry(
        "sanpo_to_summary",
        "三方よしマップから取り込む",
        "sanpo_yoshi",
        "project_summary",
        (
            ("project", lambda m: m.project),
            ("exit", _known_exit),
            ("society", lambda m: m.society_benefits),
            ("private", lambda m: m.private_benefits),
            ("public", lambda m: m.public_benefits),
        ),
    ),
)


def carries_into(target_type: str) -> list[Carry]:
    return [c for c in CARRIES if c.target_type == target_type]


def get_carry(carry_id: str) -> Carry:
    return next(c for c in CARRIES if c.id == carry_id)


def _group(target: BaseModel, path: str) -> GroupSpec | None:
    """The group's spec when ``path`` names a whole group (its carried items are added, not replaced)."""
    return next((spec for name, spec in declared(type(target)) if name == path and isinstance(spec, GroupSpec)), None)


def _label(target: BaseModel, path: str) -> str:
    group = _group(target, path)
    return group.label if group else entry(target, path).label


def _added(target: BaseModel, path: str, group: GroupSpec, items: list[Any]) -> list[Any]:
    """The group's items that are not blank, then the carried ones not already there, up to its maximum."""
    blank = item_model(type(target), path)().model_dump()
    kept = [i.model_dump() for i in getattr(target, path) if i.model_dump() != blank]
    new = [i for i in items if i not in kept]
    return [*kept, *new][: group.max_items]


def _is_default(target: BaseModel, path: str) -> bool:
    """Still the field's default (e.g. the timeline's 「未定」): not the user's input, so no confirmation."""
    try:
        return bool(entry(type(target)(), path).value == entry(target, path).value)
    except KeyError:  # a group item the default sheet does not have
        return False


def overwrites(target: BaseModel, values: dict[str, Any]) -> list[str]:
    """Target paths whose existing, different text would be replaced: these need confirmation."""
    return [
        p
        for p, v in values.items()
        if _group(target, p) is None  # added to, never replaced
        and is_filled(entry(target, p).value) and entry(target, p).value != v and not _is_default(target, p)
    ]


def apply(target: M, values: dict[str, Any], *, overwrite: bool) -> M:
    """Fill the target. Without ``overwrite``, fields that already hold other text are left alone."""
    blocked = set() if overwrite else set(overwrites(target, values))
    for path, value in values.items():
        if path in blocked or not is_filled(value):
            continue
        group = _group(target, path)
        target = with_value(target, path, _added(target, path, group, value) if group else value)
    return target


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    old: Any
    new: Any


def changes(target: BaseModel, snapshot: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """What the source would carry now that differs from what it carried when linked."""
    return [Change(p, _label(target, p), snapshot.get(p), v) for p, v in current.items() if snapshot.get(p) != v]


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "del" (only in the old text) or "ins" (only in the new text)
    text: str


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):  # a group item: its filled values
        return "　".join(str(v) for v in value.values() if is_filled(v))
    return str(value)


def char_diff(old: Any, new: Any, context: int = 12) -> list[Piece]:
    """Where two versions differ, character by character, with a little unchanged text around each change.

    Why: a notice that shows both texts cut at a fixed length hides the change when it lies further in
    (「…KPI 200人」→「…KPI 300人」). Unchanged stretches longer than ``2 * context`` keep ``context``
    characters at each side of a change and become 「…」 in between.
    """
    a, b = as_text(old), as_text(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[Piece] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if first and last:
                pieces.append(Piece("same", same))
            elif first:
                pieces.append(Piece("same", ("…" + same[-context:]) if len(same) > context else same))
            elif last:
                pieces.append(Piece("same", (same[:context] + "…") if len(same) > context else same))
            elif len(same) > 2 * context:
                pieces.append(Piece("same", same[:context] + "…" + same[-context:]))
            else:
                pieces.append(Piece("same", same))
            continue
        if i2 > i1:
            pieces.append(Piece("del", a[i1:i2]))
        if j2 > j1:
            pieces.append(Piece("ins", b[j1:j2]))
    return pieces
