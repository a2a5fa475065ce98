"""Workshop mode: a facilitator's session for up to 200 participants (no Streamlit here).

A workshop has a join code (short, easy to read aloud, no 0/O/1/I) and a facilitator key shown
once at creation and stored only as a hash. Joining creates a participant whose random id is also
their workspace id: their link (``?ws=<id>``) is the capability that opens their own drafts from any
device, and nobody else's. The facilitator reaches every participant's drafts through the workshop.

Every name (workshop, team, participant) is cleaned with :func:`worksheets.text.clean_name`
before it is stored. Joining and the facilitator key are throttled per client, counted in the
store so that every app server sees the same attempts (:mod:`worksheets.throttle`); the
facilitator can close joining, remove participants and rotate the join code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from worksheets.document import document_from_stored
from worksheets.errors import InputError
from worksheets.layout import display_text
from worksheets.registry import SHEETS
from worksheets.spec import completeness, entries, missing_minimum
from worksheets.store import Draft, DraftStore, Participant, WorkshopRow, is_valid_id, new_id
from worksheets.text import clean_name
from worksheets.throttle import Client, Rule, Throttle

# The sheets a workshop can ask for, in the registry's order: every registered sheet but references (the 予算カレンダー).
WORKSHOP_SHEETS = tuple(sheet_type for sheet_type, spec in SHEETS.items() if spec.workshop)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_PARTICIPANTS = 200
MAX_TIMER_MINUTES = 240
NAME_MAX = 30  # a participant's display name and a team name

# Join attempts (each 「参加する」 and each code that was not found) and wrong facilitator keys.
# A whole room of up to 60 people behind one Wi-Fi exit address joins within a minute; a bot from one address
# gets no more than that per minute (the facilitator can close joining or change the code).
JOIN_THROTTLE = Throttle("参加の操作", per_session=Rule(10, 600), per_address=Rule(60, 60))
KEY_THROTTLE = Throttle("ファシリテーターキーの入力", per_session=Rule(5, 600), per_address=Rule(20, 600))
CODE_NOT_FOUND = "参加コードが見つかりません。画面に表示されたコード（英数字6文字）を確かめてください。"
JOINING_CLOSED = "このワークショップは参加の受付を締め切りました。ファシリテーターに声をかけてください。"


class WorkshopSetup(BaseModel):
    """What a facilitator fills in to create a workshop."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=80)
    held_on: date
    sheets: list[str] = Field(min_length=1, max_length=len(WORKSHOP_SHEETS))
    teams: list[str] = Field(min_length=1, max_length=30)

    @field_validator("name", mode="before")
    @classmethod
    def _clean_name(cls, value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return value  # 「入力してください」
        cleaned = clean_name(value)
        if not cleaned:
            raise ValueError("見えない文字や制御文字だけの名前は使えません。")
        return cleaned

    @field_validator("sheets")
    @classmethod
    def _known_sheets(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in WORKSHOP_SHEETS]
        if unknown:
            raise ValueError(f"ワークショップで使えないシートです: {', '.join(unknown)}")
        return [s for s in WORKSHOP_SHEETS if s in value]  # guide order, no duplicates

    @field_validator("teams")
    @classmethod
    def _clean_teams(cls, value: list[str]) -> list[str]:
        out: list[str] = []
        for raw in value:
            if not raw.strip():
                continue
            team = clean_name(raw)
            if not team:
                raise ValueError("見えない文字や制御文字だけのチーム名は使えません。")
            if len(team) > NAME_MAX:
                raise ValueError(f"チーム名は{NAME_MAX}文字までです。")
            if team not in out:
                out.append(team)
        if not out:
            raise ValueError("チームを1つ以上入力してください。")
        return out


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    name: str
    held_on: date
    sheets: tuple[str, ...]
    teams: tuple[str, ...]
    timer_label: str
    timer_end: float
    created_at: float
    joining_open: bool = True

    def remaining(self, now: float | None = None) -> float:
        """Seconds left on the step timer (0 when none runs or it has run out)."""
        if not self.timer_end:
            return 0.0
        return max(0.0, self.timer_end - (now if now is not None else time.time()))

    @property
    def timer_running(self) -> bool:
        return self.timer_end > 0


def _from_row(row: WorkshopRow, joining_open: bool = True) -> Workshop:
    return Workshop(
        row.id,
        row.code,
        row.name,
        date.fromisoformat(row.held_on),
        tuple(json.loads(row.sheets)),
        tuple(json.loads(row.teams)),
        row.timer_label,
        row.timer_end,
        row.created_at,
        joining_open,
    )


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Codes are typed from a projector: full-width, lower case, spaces and hyphens are fine."""
    text = unicodedata.normalize("NFKC", code or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def create(store: DraftStore, setup: WorkshopSetup) -> tuple[Workshop, str]:
    """Create a workshop; returns it and the facilitator key (shown once, stored only as a hash)."""
    key = secrets.token_urlsafe(12)
    code = _new_code()
    while store.workshop_by_code(code) is not None:
        code = _new_code()
    row = WorkshopRow(
        id=new_id(),
        code=code,
        name=setup.name,
        held_on=setup.held_on.isoformat(),
        sheets=json.dumps(setup.sheets),
        teams=json.dumps(setup.teams, ensure_ascii=False),
        key_hash=hash_key(key),
        timer_label="",
        timer_end=0.0,
        created_at=time.time(),
    )
    store.add_workshop(row)
    return _from_row(row), key


def setup_from_form(name: str, held_on: date | None, sheets: list[str], teams_text: str) -> WorkshopSetup:
    """The create form's values, validated; problems as one Japanese message."""
    try:
        return WorkshopSetup(
            name=name,
            held_on=held_on or date.today(),
            sheets=sheets,
            teams=list(teams_text.replace("、", "\n").replace(",", "\n").splitlines()),
        )
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = {"name": "ワークショップ名", "sheets": "使うシート", "teams": "チーム"}.get(str(err["loc"][0]), "")
            if err["type"] == "string_too_short" or err["type"] == "too_short":
                problems.append(f"{where}を入力してください。")
            elif err["type"] == "string_too_long":
                problems.append(f"{where}が長すぎます。")
            else:
                problems.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
        raise InputError(" ".join(problems)) from None


def _load(store: DraftStore, row: WorkshopRow | None) -> Workshop | None:
    return _from_row(row, not store.joining_closed(row.id)) if row else None


def get(store: DraftStore, workshop_id: str) -> Workshop | None:
    return _load(store, store.workshop(workshop_id))


def by_code(store: DraftStore, code: str) -> Workshop | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return _load(store, store.workshop_by_code(code))


def find_code(store: DraftStore, code: str, client: Client) -> Workshop | None:
    """The join form's lookup, throttled: a code that is not found counts as an attempt."""
    JOIN_THROTTLE.check(client, store=store)
    workshop = by_code(store, code)
    if workshop is None:
        JOIN_THROTTLE.record(client, store=store)
    return workshop


def check_key(store: DraftStore, workshop_id: str, key: str) -> bool:
    """True only for this workshop's own facilitator key (constant-time comparison)."""
    row = store.workshop(workshop_id)
    if row is None or not key:
        return False
    return hmac.compare_digest(row.key_hash, hash_key(key.strip()))


def try_key(store: DraftStore, workshop_id: str, key: str, client: Client) -> bool:
    """A typed facilitator key, throttled per client: after too many wrong keys even the right
    one is refused for a while (:class:`InputError` with the wait)."""
    KEY_THROTTLE.check(client, store=store)
    ok = check_key(store, workshop_id, key)
    if not ok:
        KEY_THROTTLE.record(client, store=store)
    return ok


def join(
    store: DraftStore, code: str, name: str, team: str, client: Client | None = None
) -> tuple[Workshop, Participant]:
    """Join with the code, a display name and a team; errors are Japanese :class:`InputError`.

    With a ``client`` (the pages always give one) the attempt is throttled and counted."""
    if client is not None:
        JOIN_THROTTLE.check(client, store=store)
        JOIN_THROTTLE.record(client, store=store)
    workshop = by_code(store, code)
    if workshop is None:
        raise InputError(CODE_NOT_FOUND)
    if not workshop.joining_open:
        raise InputError(JOINING_CLOSED)
    if not (name or "").strip():
        raise InputError("表示名を入力してください。")
    name = clean_name(name)
    if not name:
        raise InputError("表示名に使える文字がありません（見えない文字や制御文字は使えません）。")
    if len(name) > NAME_MAX:
        raise InputError(f"表示名は{NAME_MAX}文字までです。")
    if team not in workshop.teams:
        raise InputError("チームを一覧から選んでください。")
    if len(store.participants(workshop.id)) >= MAX_PARTICIPANTS:
        raise InputError(
            f"このワークショップは定員（{MAX_PARTICIPANTS}人）に達しています。ファシリテーターに相談してください。"
        )
    return workshop, store.add_participant(workshop.id, name, team)


def participant_workshop(store: DraftStore, workspace: str) -> tuple[Workshop, Participant] | None:
    """The workshop a workspace id belongs to, when it is a participant's."""
    if not is_valid_id(workspace):
        return None
    participant = store.participant(workspace)
    if participant is None:
        return None
    workshop = get(store, participant.workshop)
    return (workshop, participant) if workshop else None


def start_timer(store: DraftStore, workshop: Workshop, minutes: int, label: str, now: float | None = None) -> None:
    if not 1 <= minutes <= MAX_TIMER_MINUTES:
        raise InputError(f"タイマーは1〜{MAX_TIMER_MINUTES}分で設定してください。")
    store.set_timer(workshop.id, clean_name(label)[:40], (now if now is not None else time.time()) + minutes * 60)


def stop_timer(store: DraftStore, workshop: Workshop) -> None:
    store.set_timer(workshop.id, "", 0.0)


# -- facilitator controls --------------------------------------------------------------------


def set_joining(store: DraftStore, workshop: Workshop, open_: bool) -> None:
    """Close joining (nobody new gets in, whatever code they hold) or open it again."""
    store.set_joining_closed(workshop.id, not open_)


def rotate_code(store: DraftStore, workshop: Workshop) -> str:
    """A new join code; the old one stops working at once. Joined participants keep their links."""
    code = _new_code()
    while code == workshop.code or store.workshop_by_code(code) is not None:
        code = _new_code()
    store.set_code(workshop.id, code)
    return code


def remove_participants(store: DraftStore, workshop: Workshop, participant_ids: list[str]) -> int:
    """Take participants off this workshop (dashboard, bundle, head count). Their drafts are not
    deleted: they stay reachable by their own link, outside the workshop."""
    return sum(store.remove_participant(workshop.id, pid) for pid in participant_ids)


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFKC", clean_name(name)).casefold().replace(" ", "")


def display_names(people: list[Participant]) -> dict[str, str]:
    """participant id -> the name the facilitator sees (always next to the team). Names in one team
    that look alike (same letters after width and case folding) are told apart by their order of
    joining: 「山田（2人目）」."""
    groups: dict[tuple[str, str], list[Participant]] = {}
    for person in sorted(people, key=lambda p: (p.joined_at, p.id)):
        groups.setdefault((person.team, _name_key(person.name)), []).append(person)
    out: dict[str, str] = {}
    for same in groups.values():
        for n, person in enumerate(same, start=1):
            name = clean_name(person.name) or "（名前なし）"  # rows stored before names were cleaned
            out[person.id] = name if len(same) == 1 else f"{name}（{n}人目）"
    return out


# -- progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """One participant's state on one sheet of the workshop."""

    participant: Participant
    sheet_type: str
    draft: Draft | None
    percent: int  # filled share of the counted fields
    minimum_done: bool | None  # None: not started
    missing: tuple[str, ...]  # labels of the minimum-set fields still empty
    error: str = ""  # the stored draft cannot be read (Japanese reason); counted as not started

    @property
    def updated_at(self) -> float | None:
        return self.draft.updated_at if self.draft else None

    @property
    def started(self) -> bool:
        return self.percent > 0


@lru_cache(maxsize=4096)
def _score(sheet_type: str, data: str) -> tuple[int, bool, tuple[str, ...]]:
    """Completeness of a stored draft; cached on its content, so a dashboard refresh is cheap."""
    doc = document_from_stored(sheet_type, data)
    parts = completeness(doc.sheet)
    total = sum(p.total for p in parts)
    filled = sum(p.filled for p in parts)
    missing = tuple(e.label for e in missing_minimum(doc.sheet))
    return (round(100 * filled / total) if total else 0), not missing, missing


def progress(store: DraftStore, workshop: Workshop) -> list[Progress]:
    """Every participant × every workshop sheet (newest draft of each), in team order."""
    latest: dict[tuple[str, str], Draft] = {}
    for draft in store.workshop_drafts(workshop.id):  # newest first
        latest.setdefault((draft.workspace, draft.sheet_type), draft)
    team_order = {t: i for i, t in enumerate(workshop.teams)}
    people = sorted(store.participants(workshop.id), key=lambda p: (team_order.get(p.team, 99), p.joined_at))
    return [_progress(person, s, latest.get((person.id, s))) for person in people for s in workshop.sheets]


def participant_progress(store: DraftStore, workshop: Workshop, person: Participant) -> list[Progress]:
    """One participant's rows only (their own page): their workspace's drafts, not the whole workshop's."""
    latest: dict[str, Draft] = {}
    for draft in store.recent(person.id, limit=200):  # newest first
        latest.setdefault(draft.sheet_type, draft)
    return [_progress(person, s, latest.get(s)) for s in workshop.sheets]


def _progress(person: Participant, sheet_type: str, draft: Draft | None) -> Progress:
    if draft is None:
        return Progress(person, sheet_type, None, 0, None, ())
    try:
        percent, done, missing = _score(sheet_type, draft.data)
    except (InputError, ValueError) as exc:  # ValueError covers broken JSON
        reason = str(exc) if isinstance(exc, InputError) else "保存された内容を読み込めません。"
        return Progress(person, sheet_type, draft, 0, None, (), reason)
    return Progress(person, sheet_type, draft, percent, done, missing)


@dataclass(frozen=True)
class Summary:
    participants: int
    started: int  # participant × sheet pairs with any input
    minimum_done: int  # pairs whose minimum set is complete
    pairs: int


def summary(rows: list[Progress]) -> Summary:
    return Summary(
        participants=len({r.participant.id for r in rows}),
        started=sum(1 for r in rows if r.started),
        minimum_done=sum(1 for r in rows if r.minimum_done),
        pairs=len(rows),
    )


def team_table(workshop: Workshop, rows: list[Progress]) -> dict[str, dict[str, int]]:
    """Average completeness (%) per team and sheet."""
    table: dict[str, dict[str, int]] = {}
    for team in workshop.teams:
        members = [r for r in rows if r.participant.team == team]
        if not members:
            continue
        table[team] = {}
        for sheet_type in workshop.sheets:
            values = [r.percent for r in members if r.sheet_type == sheet_type]
            table[team][sheet_type] = round(sum(values) / len(values)) if values else 0
    return table


def answers(draft: Draft) -> list[tuple[str, str]]:
    """(label, value as text) of every field a participant fills, in the sheet's order (hidden settings such as
    the timeline's embedded calendar are the page's, not answers)."""
    doc = document_from_stored(draft.sheet_type, draft.data)
    return [(e.label, display_text(e)) for e in entries(doc.sheet) if not e.spec.hidden]


def sheet_title(sheet_type: str) -> str:
    return SHEETS[sheet_type].title
