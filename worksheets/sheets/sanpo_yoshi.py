"""三方よしマップ (guide 図表23・図表30 and the exits; DOMAIN.md §1.6, §4.4).

「社会（地域内の利害関係者）よし、民間（スタートアップ）よし、行政（自治体）よし」 (guide S1 L1397): each
party's roles, benefits (メリット) and resources, the stakeholders of 図表23, and the exit.
図表24 itself is missing from the guide's text, so the diagram is this app's own drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from worksheets.layout import Cell, GridPage, Role, label_cell, value_cell
from worksheets.reference import (
    EXIT_CHOICES,
    UNDECIDED,
    ExitChoice,
    ExitId,
    exit_choice,
    exit_id,
    resource_choices,
    stakeholders,
)
from worksheets.spec import (
    HINT_MARK,
    SAMPLE_SEMINAR,
    FieldSpec,
    GroupSpec,
    Kind,
    SheetModel,
    SheetSpec,
    is_filled,
    source_spec,
)
from worksheets.text import SHORT_MAX, Lines, LongText, ShortText

# Each side and the prefix of its fields (society_roles, …), declared once.
SIDE_KEYS = {"社会": "society", "民間": "private", "行政": "public"}
SIDES = tuple(SIDE_KEYS)
SIDE_NAMES = {"社会": "社会（地域内の利害関係者）", "民間": "民間（スタートアップ）", "行政": "行政（自治体）"}
BUDGET_PATHS = ("", "当初予算で予算化する", "補正予算をねらう", "予算は使わない（無償・企業負担の実証など）", "未定")
STAKEHOLDER_NAMES = tuple(s["name"] for s in stakeholders())
# The guide's words on benefits (S1 L1399) and on exits (S1 L1447), quoted with their section.
BENEFITS_HINT = (
    "…事業展開により自治体や自社を含む各利害関係者が得るメリットを言語化し、"
    "経済性を担保しながら自治体や地域の課題解決につながるかを検討します。\n"
    "（実践ガイド 第4章（2）②「2. 官民連携における利害関係者と各関係者にとっての利害を明確にする」より）"
)
EXIT_HINT = (
    HINT_MARK + "出口に応じて、行政・民間・社会の役割とメリットが変わります。\n"
    "上記のパターンはあくまでも基本的なものであり、実現を試みる官民連携の内容や複雑さによって"
    "出口が異なる場合があることに注意してください。\n"
    "（実践ガイド 第4章（2）②「3. 各利害関係者の役割と官民連携の「出口」を明確にする」より）"
)


def _party(side: str, field: str) -> FieldSpec:
    part = f"{side}よし"
    if field == "roles":
        return FieldSpec(f"{SIDE_NAMES[side]}の役割", part=part)
    if field == "benefits":
        return FieldSpec(
            f"{SIDE_NAMES[side]}のメリット", BENEFITS_HINT, part=part, minimum=True
        )
    choices = resource_choices(side)
    hint = HINT_MARK + ("図表30の資源から選ぶか、自由に入力します。" if choices else "自由に入力します（1行に1つ）。")
    return FieldSpec(f"{SIDE_NAMES[side]}が持ち寄る資源", hint, Kind.LINES, part, choices=choices)


class Stakeholder(SheetModel):
    name: Annotated[
        ShortText,
        FieldSpec(
            "利害関係者",
            kind=Kind.SHORT,
            part="利害関係者",
            choices=STAKEHOLDER_NAMES,
            placeholder="図表23から選ぶか入力",
        ),
    ] = ""
    side: Annotated[str, FieldSpec("立場", kind=Kind.CHOICE, part="利害関係者", choices=SIDES, counted=False)] = "社会"
    role: Annotated[LongText, FieldSpec("役割", part="利害関係者")] = ""
    gain: Annotated[LongText, FieldSpec("得るもの（メリット）", part="利害関係者")] = ""
    beneficiary: Annotated[
        str, FieldSpec("受益", kind=Kind.CHOICE, part="利害関係者", choices=("直接", "間接"), counted=False)
    ] = "直接"


class SanpoYoshiMap(SheetModel):
    project: Annotated[ShortText, FieldSpec("事業名", kind=Kind.SHORT, part="事業と出口", minimum=True)] = ""
    exit: Annotated[
        ExitChoice,
        BeforeValidator(exit_choice),
        FieldSpec(
            "出口",
            EXIT_HINT,
            Kind.CHOICE,
            "事業と出口",
            minimum=True,
            choices=EXIT_CHOICES,
        ),
    ] = ""
    budget_path: Annotated[
        str,
        FieldSpec(
            "予算の見通し",
            HINT_MARK + "出口①はふつう自治体の予算化が必要です。",
            Kind.CHOICE,
            "事業と出口",
            choices=BUDGET_PATHS,
        ),
    ] = ""
    society_roles: Annotated[LongText, _party("社会", "roles")] = ""
    society_benefits: Annotated[LongText, _party("社会", "benefits")] = ""
    society_resources: Annotated[Lines, _party("社会", "resources")] = Field(default_factory=list)
    private_roles: Annotated[LongText, _party("民間", "roles")] = ""
    private_benefits: Annotated[LongText, _party("民間", "benefits")] = ""
    private_resources: Annotated[Lines, _party("民間", "resources")] = Field(default_factory=list)
    public_roles: Annotated[LongText, _party("行政", "roles")] = ""
    public_benefits: Annotated[LongText, _party("行政", "benefits")] = ""
    public_resources: Annotated[Lines, _party("行政", "resources")] = Field(default_factory=list)
    stakeholders: Annotated[
        list[Stakeholder],
        GroupSpec(
            "利害関係者",
            "利害関係者{n}",
            HINT_MARK + "図表23の利害関係者や独自の関係者を加え、立場・役割・得るもの・直接/間接を書きます。",
            default_items=1,
            min_items=1,
            max_items=30,
        ),
        Field(min_length=1, max_length=30),
    ] = Field(default_factory=lambda: [Stakeholder()])
    source: Annotated[LongText, source_spec()] = ""
    # The exit text of a file saved before the exit was checked that names none of the guide's exits (the
    # field held any text then): kept here and reported by checks() until an exit is chosen.
    exit_unknown: Annotated[
        ShortText,
        FieldSpec("読み込んだ出口（ガイドの出口以外）", kind=Kind.SHORT, part="事業と出口", hidden=True, counted=False),
        Field(exclude_if=lambda v: not v),  # files without such a text are saved exactly as before
    ] = ""

    @model_validator(mode="before")
    @classmethod
    def _unknown_exit(cls, data: Any) -> Any:
        """An exit text that names none of the guide's three becomes 未定 (unselected) and is kept in
        exit_unknown, so such a file loads with a note instead of being refused."""
        if not isinstance(data, dict) or not isinstance(data.get("exit"), str):
            return data
        if exit_choice(data["exit"]) not in EXIT_CHOICES:
            text = " ".join(data["exit"].split())
            return {**data, "exit": "", "exit_unknown": text[: SHORT_MAX - 1] + "…" if len(text) > SHORT_MAX else text}
        if exit_id(str(exit_choice(data["exit"]))) is not None:  # an exit is chosen: the note has done its work
            return {**data, "exit_unknown": ""}
        return data

    def party(self, side: str) -> dict[str, Any]:
        return {f: getattr(self, f"{SIDE_KEYS[side]}_{f}") for f in ("roles", "benefits", "resources")}

    def members(self, side: str) -> list[Stakeholder]:
        return [s for s in self.stakeholders if s.side == side and s.name.strip()]


class CheckKind(Enum):
    """What a check found; the page branches on this (the budget one links to the timeline)."""

    MISSING_BENEFITS = "missing_benefits"
    BUDGET_UNCLEAR = "budget_unclear"
    UNKNOWN_EXIT = "unknown_exit"


@dataclass(frozen=True)
class Check:
    kind: CheckKind
    message: str

    def __str__(self) -> str:
        return self.message


def checks(sheet: SanpoYoshiMap) -> list[Check]:
    """What the map still lacks for 三方よし; each message names the side or the next step."""
    out = []
    for side in SIDES:
        has = is_filled(sheet.party(side)["benefits"]) or any(is_filled(s.gain) for s in sheet.members(side))
        if not has:
            out.append(
                Check(
                    CheckKind.MISSING_BENEFITS,
                    f"「{SIDE_NAMES[side]}」のメリットがまだありません。三方よしには三者それぞれのメリットが必要です。",
                )
            )
    if sheet.exit_unknown and not sheet.exit:
        out.append(
            Check(
                CheckKind.UNKNOWN_EXIT,
                f"読み込んだファイルの出口「{sheet.exit_unknown}」は、ガイドの3つの出口（①②③）のどれでもないため、"
                f"「{UNDECIDED}」（未選択）にしました。あてはまる出口を選んでください。",
            )
        )
    if exit_id(sheet.exit) is ExitId.TO and sheet.budget_path in ("", "未定"):
        out.append(
            Check(
                CheckKind.BUDGET_UNCLEAR,
                "出口①（自治体“へ”導入）は多くの場合、自治体の予算化が必要です。"
                "タイムラインで、どの年度の予算に間に合うかを確かめましょう。",
            )
        )
    return out


def layout(sheet: SanpoYoshiMap) -> list[GridPage]:
    page = GridPage("三方よしマップ", "三方よしマップ", (2, 3, 3, 3, 1, 1))
    page.add(Cell(0, 0, "三方よしマップ", Role.TITLE, colspan=6))
    for row, name in enumerate(("project", "exit", "budget_path"), start=1):
        page.add(label_cell(sheet, name, row, 0))
        page.add(value_cell(sheet, name, row, 1, colspan=5))
    page.add(Cell(4, 0, "", Role.HEADING))
    for col, heading in enumerate(("役割", "メリット", "持ち寄る資源"), start=1):
        page.add(Cell(4, col, heading, Role.HEADING, colspan=1 if col < 3 else 3))
    for row, side in enumerate(SIDES, start=5):
        key = SIDE_KEYS[side]
        page.add(Cell(row, 0, SIDE_NAMES[side], Role.LABEL))
        page.add(value_cell(sheet, f"{key}_roles", row, 1))
        page.add(value_cell(sheet, f"{key}_benefits", row, 2))
        page.add(value_cell(sheet, f"{key}_resources", row, 3, colspan=3))
    page.add(Cell(8, 0, "利害関係者", Role.HEADING, colspan=6))
    for col, heading in enumerate(("名前", "役割", "得るもの（メリット）", "立場", "受益")):
        page.add(Cell(9, col if col < 3 else col + 1, heading, Role.LABEL, colspan=2 if col == 2 else 1))
    for index in range(len(sheet.stakeholders)):
        row = 10 + index
        page.add(value_cell(sheet, f"stakeholders.{index}.name", row, 0))
        page.add(value_cell(sheet, f"stakeholders.{index}.role", row, 1))
        page.add(value_cell(sheet, f"stakeholders.{index}.gain", row, 2, colspan=2))
        page.add(value_cell(sheet, f"stakeholders.{index}.side", row, 4))
        page.add(value_cell(sheet, f"stakeholders.{index}.beneficiary", row, 5))
    row = 10 + len(sheet.stakeholders)
    page.add(label_cell(sheet, "source", row, 0))
    page.add(value_cell(sheet, "source", row, 1, colspan=5))
    page.add(label_cell(sheet, "exit_unknown", row + 1, 0))  # blank unless an old file named another exit
    page.add(value_cell(sheet, "exit_unknown", row + 1, 1, colspan=5))
    return [page]


def render_pdf(doc: Any) -> bytes:
    from worksheets.formats.sanpo_pdf import render

    return render(doc.sheet)


SPEC = SheetSpec(
    sheet_type="sanpo_yoshi",
    icon=":material/diversity_3:",
    title="三方よしマップ",
    model=SanpoYoshiMap,
    layout=layout,
    description=(
        "「社会（地域内の利害関係者）よし、民間（スタートアップ）よし、行政（自治体）よし」（実践ガイド）を、"
        "利害関係者（図表23）・資源（図表30）・出口とともに整理し、図にします。"
    ),
    samples={f"{SAMPLE_SEMINAR}：磐田市と企業（NEC）の健康アプリを読み込む": "sanpo_yoshi_iwata.json"},
    form_grid=(
        (("project",), ("exit",), ("budget_path",)),
        (
            ("society_roles", "society_benefits", "society_resources"),
            ("private_roles", "private_benefits", "private_resources"),
            ("public_roles", "public_benefits", "public_resources"),
        ),
        (("stakeholders",),),
        (("source",),),
    ),
    pdf=render_pdf,
    jargon_check=True,
)
