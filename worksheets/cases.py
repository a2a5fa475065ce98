"""案件: the sheets of one proposal, its stage, and the meeting log (面談記録).

An 案件 belongs to a workspace; a draft joins at most one 案件 (a sheet made by carry-over joins the
案件 of its source). A meeting records its date, who attended, the named versions discussed, notes
per field and the agreed next actions (owner, due date, done). 「前回からの変更点」 compares, for each
sheet, the version discussed at the previous meeting with the current one.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from worksheets import history
from worksheets.db import Tx
from worksheets.errors import InputError
from worksheets.review import clean

if TYPE_CHECKING:
    from worksheets.store import Draft, DraftStore

NAME_MAX = 120
TEXT_MAX = 4000

# The five stages, in the guide's two versions (自治体編 and スタートアップ編 / 図表19), with their own names.
STAGES: dict[str, tuple[str, ...]] = {
    "自治体編": ("課題特定・企画 段階", "連携先の探索段階", "調整・意思決定段階", "連携方法の検討 段階", "予算化 段階"),
    "スタートアップ編": ("課題特定・企画", "利害関係者の特定", "連携先の探索", "調整・意思決定", "予算化"),
}

# What the guide says to do in each stage, in its own words (whole sentences, or cut where marked 「…」),
# one quotation per line, and the section it comes from (tests/test_guide_fidelity.py checks every line).
_JICHITAI = "実践ガイド 第3章 自治体編（2）官民連携に向けた各プロセスとそのポイント"
_STARTUP = "実践ガイド 第4章 スタートアップ編（1）① プロセスの概観（図表19）"
STAGE_GUIDANCE: dict[str, tuple[tuple[str, ...], str]] = {
    "課題特定・企画 段階": (
        (
            "民間企業からの提案を効果的に呼び込むためには、まず地域の現状をしっかりと把握し、"
            "それに基づいた課題設定を行うことが重要です。",
            "また、課題設定を行う際には、部署の施策から一度離れることもポイントとなります。",
        ),
        f"{_JICHITAI}「① 課題特定・企画 段階」",
    ),
    "連携先の探索段階": (
        (
            "待っているだけでは連携の機会に至る可能性は低いままなので、積極的にスタートアップに会いに行く、"
            "対話をする、ということが重要となります。",
            "様々なスタートアップとの対話をしていく中で、連携の可能性がどれほどあるのかを確認していくこととなります。",
        ),
        f"{_JICHITAI}「② 連携先の探索段階」",
    ),
    "調整・意思決定段階": (
        (
            "まず、他部署との連携が必要な場合には、スタートアップと連携するメリットについて理解を促進する必要があります。",
            "工夫を凝らしても、なかなか他部署が協力に応じてくれない場合もあるでしょう。"
            "そういった状況で考える対応策について、次の4パターンで紹介します。",
        ),
        f"{_JICHITAI}「③ 調整・意思決定段階」",
    ),
    "連携方法の検討 段階": (
        (
            "想定される出口に応じて、自治体とスタートアップでの役割分担について協議、検討し明確化をしていきます。"
            "そして、その役割分担の内容を含めた契約締結の検討・書面化の手続きを行っていきます。",
            "また、自治体側で行う準備としては、契約締結、記者発表、住民・企業向け広報、関係者への事前説明会の開催などが"
            "考えられますので、連携内容に応じて対応内容を検討します。",
        ),
        f"{_JICHITAI}「④ 連携方法の検討 段階」",
    ),
    "予算化 段階": (
        (
            "公共調達という出口に向かうには、スタートアップが持つ製品・サービスの優位性を明確にしていく必要があります。",
            "具体的には、連携先候補から下見積もりを収集すること、他都市での前例があるのであればその自治体へ"
            "問い合わせをして導入に関する情報を収集することも有効です。",
        ),
        f"{_JICHITAI}「⑤ 予算化 段階」",
    ),
    "課題特定・企画": (
        (
            "まずは、自治体が所管する地域や政策領域において、どのような課題を抱えているのかを知るところから始まります。",
            "…課題解決のために自社が創出できる付加価値を特定し、…実現を目指す官民連携のたたき台を作ります。",
        ),
        f"{_STARTUP}「1. 課題特定・企画」",
    ),
    "利害関係者の特定": (
        (
            "上記の課題とその解決に向けた事業スキームに関連すると思われる利害関係者を洗い出し、各利害関係者の関心や注力、"
            "ひいては利益を創出することができる座組みになっているかといった観点で事業スキームを見返します。",
            "…より適していると考えられる官民連携の出口を検討し、官民連携における各利害関係者の役割や、"
            "必要な資源の調達方法を特定することで、官民連携を自治体に対して打診する準備を整えます。",
        ),
        f"{_STARTUP}「2. 利害関係者の特定」",
    ),
    "連携先の探索": (
        (
            "…特に需要が見込める自治体を特定し、自治体に対して実際に官民連携の打診を行います。",
            "その際には、自治体の重点課題の内容を踏まえ、特に魅力に感じてほしい自社の優位性や、"
            "その優位性を自治体に対する訴求方法などをよく検討し、自治体の興味や関心・協働意欲を醸成することが重要となります。",
        ),
        f"{_STARTUP}「3. 連携先の探索」",
    ),
    "調整・意思決定": (
        (
            "官民連携を持ち掛け意欲を示してくれた自治体職員との、複数回にわたる対話を通じて、"
            "自治体が抱える課題に関する仮説や、自社が提案する事業スキームの実現可能性を検証していきます。",
            "ここでは、自治体の意思決定プロセスが重層的であり、時間がかかることに寄り添いながら、"
            "調整を進めることが重要になります。",
        ),
        f"{_STARTUP}「4. 調整・意思決定」",
    ),
    "予算化": (
        (
            "自治体の予算編成スケジュールや、当該政策領域に関する既存事業への評価・回顧・反省を踏まえながら、"
            "課題解決に向けた官民連携の実現に際する、予算確保の要否や、予算確保に向けて必要な情報・資料を提供し、"
            "自治体における予算化・事業化をサポートします。",
            "…場合によっては自治体の予算を必要としない形で官民連携をスタートさせるなど、"
            "アプローチを検討することも重要となります。",
        ),
        f"{_STARTUP}「5. 予算化」",
    ),
}


def stage_guidance(stage: str) -> str:
    """The guide's words for ``stage``: one quotation per line, then 「（実践ガイド …）」; empty if none."""
    found = STAGE_GUIDANCE.get(stage)
    if found is None:
        return ""
    lines, source = found
    return "\n".join([*lines, f"（{source}）"])


SCHEMA = (
    """CREATE TABLE IF NOT EXISTS cases (
        id TEXT PRIMARY KEY,
        workspace TEXT NOT NULL,
        name TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT '',
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS cases_workspace ON cases (workspace, updated_at)",
    "CREATE TABLE IF NOT EXISTS case_sheets (draft TEXT PRIMARY KEY, case_id TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS case_sheets_case ON case_sheets (case_id)",
    """CREATE TABLE IF NOT EXISTS meetings (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        held_on TEXT NOT NULL,
        attendees TEXT NOT NULL,
        discussed TEXT NOT NULL,
        notes TEXT NOT NULL,
        actions TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS meetings_case ON meetings (case_id, held_on)",
)


@dataclass(frozen=True)
class Case:
    id: str
    workspace: str
    name: str
    stage: str
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Action:
    text: str
    owner: str = ""
    due: str = ""  # YYYY-MM-DD or ""
    done: bool = False


@dataclass(frozen=True)
class Meeting:
    id: str
    case_id: str
    held_on: str  # YYYY-MM-DD
    attendees: str
    discussed: dict[str, int]  # draft id -> the (named) version discussed
    notes: dict[str, str]  # "draft id:field path" (or "" for the whole meeting) -> note
    actions: list[Action] = field(default_factory=list)
    created_at: float = 0.0


def purge(db: Tx, cutoff: float) -> None:
    """Memberships go with their draft; an 案件 without sheets untouched since ``cutoff`` goes with its meetings."""
    db.execute("DELETE FROM case_sheets WHERE draft NOT IN (SELECT id FROM drafts)")
    db.execute("DELETE FROM cases WHERE updated_at < ? AND id NOT IN (SELECT case_id FROM case_sheets)", (cutoff,))
    db.execute("DELETE FROM meetings WHERE case_id NOT IN (SELECT id FROM cases)")
    db.execute("DELETE FROM case_reviews WHERE case_id NOT IN (SELECT id FROM cases)")


def _day(value: str, what: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{what}は YYYY-MM-DD の形で入力してください（「{value}」）。") from None


def create(store: DraftStore, workspace: str, name: str, stage: str = "") -> Case:
    from worksheets.store import new_id

    name = clean(name, NAME_MAX, one_line=True)
    if not name:
        raise InputError("案件名を入力してください（例：〇〇市 × 株式会社△△ 外国人市民への情報提供）。")
    now = time.time()
    case = Case(new_id(), workspace, name, stage, now, now)
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO cases (id, workspace, name, stage, created_at, updated_at) VALUES (?,?,?,?,?,?)",
            (case.id, workspace, name, stage, now, now),
        )
    return case


def get(store: DraftStore, case_id: str, workspace: str) -> Case | None:
    """An 案件 of this workspace (another workspace's id finds nothing)."""
    rows = store.db.read("SELECT * FROM cases WHERE id = ? AND workspace = ?", (case_id, workspace))
    return Case(**rows[0]) if rows else None


def cases(store: DraftStore, workspace: str) -> list[Case]:
    rows = store.db.read("SELECT * FROM cases WHERE workspace = ? ORDER BY updated_at DESC", (workspace,))
    return [Case(**r) for r in rows]


def set_stage(store: DraftStore, case: Case, stage: str) -> None:
    if stage and not any(stage in s for s in STAGES.values()):
        raise InputError("段階は実践ガイドの5つの段階から選んでください。")
    with store.db.tx() as db:
        db.execute("UPDATE cases SET stage = ?, updated_at = ? WHERE id = ?", (stage, time.time(), case.id))


def add_sheet(store: DraftStore, case: Case, draft_id: str) -> None:
    """Put a draft of the same workspace into the 案件 (it leaves any other 案件)."""
    draft = store.get(draft_id)
    if draft is None or draft.workspace != case.workspace:
        raise InputError("この案件と同じワークスペースの下書きだけを追加できます。")
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO case_sheets (draft, case_id) VALUES (?,?)"
            " ON CONFLICT (draft) DO UPDATE SET case_id = excluded.case_id",
            (draft_id, case.id),
        )
        db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (time.time(), case.id))


def remove_sheet(store: DraftStore, case: Case, draft_id: str) -> None:
    with store.db.tx() as db:
        db.execute("DELETE FROM case_sheets WHERE draft = ? AND case_id = ?", (draft_id, case.id))


def case_of(store: DraftStore, draft_id: str) -> str | None:
    rows = store.db.read("SELECT case_id FROM case_sheets WHERE draft = ?", (draft_id,))
    return str(rows[0]["case_id"]) if rows else None


def join_source(store: DraftStore, target_id: str, source_id: str) -> None:
    """A sheet made by carry-over joins the 案件 of its source (if it has one and the target has none)."""
    found = case_of(store, source_id)
    if found is None or case_of(store, target_id) is not None:
        return
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO case_sheets (draft, case_id) VALUES (?,?) ON CONFLICT (draft) DO NOTHING", (target_id, found)
        )


def sheets(store: DraftStore, case: Case) -> list[Draft]:
    from worksheets.store import Draft

    rows = store.db.read(
        "SELECT d.* FROM drafts d JOIN case_sheets c ON c.draft = d.id WHERE c.case_id = ? ORDER BY d.created_at",
        (case.id,),
    )
    return [Draft(**r) for r in rows]


# -- meetings ----------------------------------------------------------------------------------


def _meeting(row: dict[str, Any]) -> Meeting:
    return Meeting(
        row["id"],
        row["case_id"],
        row["held_on"],
        row["attendees"],
        {k: int(v) for k, v in json.loads(row["discussed"]).items()},
        dict(json.loads(row["notes"])),
        [Action(**a) for a in json.loads(row["actions"])],
        float(row["created_at"]),
    )


def add_meeting(
    store: DraftStore,
    case: Case,
    held_on: str,
    attendees: str,
    discussed: dict[str, int],
    notes: dict[str, str] | None = None,
    actions: list[Action] | None = None,
) -> Meeting:
    """Record a meeting. ``discussed`` names, per sheet of the 案件, the version shown (usually a named one)."""
    from worksheets.store import new_id

    members = {d.id for d in sheets(store, case)}
    if any(d not in members for d in discussed):
        raise InputError("面談で扱った版は、この案件のシートから選んでください。")
    cleaned = [
        Action(
            clean(a.text, 400, one_line=True),
            clean(a.owner, 80, one_line=True),
            _day(a.due, "期限") if a.due else "",
            a.done,
        )
        for a in actions or []
        if clean(a.text, 400, one_line=True)
    ]
    meeting = Meeting(
        new_id(),
        case.id,
        _day(held_on, "面談日"),
        clean(attendees, 400),
        dict(discussed),
        {k[:200]: clean(v, TEXT_MAX) for k, v in (notes or {}).items() if clean(v, TEXT_MAX)},
        cleaned,
        time.time(),
    )
    _write(store, meeting)
    return meeting


def _write(store: DraftStore, m: Meeting) -> None:
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO meetings (id, case_id, held_on, attendees, discussed, notes, actions, created_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (
                m.id,
                m.case_id,
                m.held_on,
                m.attendees,
                json.dumps(m.discussed),
                json.dumps(m.notes, ensure_ascii=False),
                json.dumps([a.__dict__ for a in m.actions], ensure_ascii=False),
                m.created_at,
            ),
        )


def meetings(store: DraftStore, case: Case) -> list[Meeting]:
    """Oldest first."""
    rows = store.db.read("SELECT * FROM meetings WHERE case_id = ? ORDER BY held_on, created_at", (case.id,))
    return [_meeting(r) for r in rows]


def set_action_done(store: DraftStore, case: Case, meeting_id: str, index: int, done: bool) -> None:
    found = next((m for m in meetings(store, case) if m.id == meeting_id), None)
    if found is None or not 0 <= index < len(found.actions):
        return
    actions = list(found.actions)
    a = actions[index]
    actions[index] = Action(a.text, a.owner, a.due, done)
    with store.db.tx() as db:
        db.execute(
            "UPDATE meetings SET actions = ? WHERE id = ? AND case_id = ?",
            (json.dumps([x.__dict__ for x in actions], ensure_ascii=False), meeting_id, case.id),
        )


def open_actions(store: DraftStore, case: Case) -> list[tuple[Meeting, Action]]:
    """Agreed next actions not yet done, by due date (for the 案件 page and the timeline's milestones)."""
    found = [(m, a) for m in meetings(store, case) for a in m.actions if not a.done]
    return sorted(found, key=lambda ma: (ma[1].due or "9999", ma[0].held_on))


# -- 「前回からの変更点」 ----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetChanges:
    draft: Draft
    since: int | None  # the version discussed at the previous meeting (None: the sheet is new since then)
    since_name: str
    changes: list[history.FieldChange]


def changes_since(store: DraftStore, case: Case, previous: Meeting | None = None) -> list[SheetChanges]:
    """For each sheet of the 案件: what changed since the version discussed at ``previous`` (default:
    the latest meeting). Unchanged fields are left out."""
    if previous is None:
        log = meetings(store, case)
        previous = log[-1] if log else None
    out: list[SheetChanges] = []
    for draft in sheets(store, case):
        now = json.loads(draft.data)
        since = previous.discussed.get(draft.id) if previous else None
        old = history.content(store, draft.id, since) if since else None
        names = {v.version: v.name for v in history.named(store, draft.id)}
        found = (
            history.compare(draft.sheet_type, old or {}, now) if since else history.compare(draft.sheet_type, {}, now)
        )
        out.append(SheetChanges(draft, since, names.get(since or 0, ""), found))
    return out


def plan_with_actions(store: DraftStore, draft_id: str, plan: Any) -> Any:
    """A timeline plan with its 案件's open next actions (those with a due date) added as milestones,
    for the chart and the .ics; the stored plan is not changed."""
    from worksheets.sheets.timeline_plan import Milestone

    found = case_of(store, draft_id) if draft_id else None
    rows = store.db.read("SELECT * FROM cases WHERE id = ?", (found,)) if found else []
    if not rows:
        return plan
    extra = [
        Milestone.model_construct(
            label=f"{a.text}（担当：{a.owner}）" if a.owner else a.text, day=date.fromisoformat(a.due)
        )
        for _, a in open_actions(store, Case(**rows[0]))
        if a.due
    ]
    return plan.model_copy(update={"milestones": [*plan.milestones, *extra]}) if extra else plan
