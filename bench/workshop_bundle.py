"""Workshop bundle: build time and ZIP size for N participants × 4 sheets (the bundled samples,
each participant's copy with their own name in it), teams of 10.

    python bench/workshop_bundle.py [--participants 60] [--sheets issue_sheet,issue_detail,lean_canvas,discussion_paper]

Target (issue 19): 60 × 4 in ≤ 2 s and ≤ 5 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worksheets import workshop as W  # noqa: E402
from worksheets import workshop_bundle as B  # noqa: E402
from worksheets.store import DraftStore  # noqa: E402

SAMPLE = {
    "issue_sheet": "issue_sheet_kasumigaura.json",
    "issue_detail": "issue_detail_fukuoka.json",
    "lean_canvas": "lean_canvas_iwata.json",
    "discussion_paper": "discussion_paper_iwata.json",
    "sanpo_yoshi": "sanpo_yoshi_iwata.json",
    "prior_research": "prior_research_iwata.json",
    "dialogue_check": "dialogue_check_iwata.json",
    "internal_coordination": "internal_coordination_iwata.json",
    "budget_prep": "budget_prep_seminar.json",
}


def fill(store: DraftStore, participants: int, sheets: list[str]) -> W.Workshop:
    teams = [f"{i + 1}班" for i in range((participants + 9) // 10)]
    workshop, _ = W.create(store, W.setup_from_form("県ワークショップ", date(2026, 11, 25), sheets, "\n".join(teams)))
    for n in range(participants):
        _, person = W.join(store, workshop.code, f"参加者{n + 1:03d}", teams[n // 10])
        for sheet in sheets:
            data = json.loads((ROOT / "data" / "samples" / SAMPLE[sheet]).read_text(encoding="utf-8"))["data"]
            first = next(k for k, v in data.items() if isinstance(v, str) and v)
            data[first] = f"{data[first]}（参加者{n + 1:03d}）"
            store.create(person.id, sheet, json.dumps(data, ensure_ascii=False))
    return workshop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--sheets", default="issue_sheet,issue_detail,lean_canvas,discussion_paper")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sheets = args.sheets.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        store = DraftStore(Path(tmp) / "ws.sqlite3")
        workshop = fill(store, args.participants, sheets)
        B.build_bundle(store, workshop)  # warm: font registration, imports
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            bundle = B.build_bundle(store, workshop)
            times.append(time.perf_counter() - start)
        archive = zipfile.ZipFile(io.BytesIO(bundle.data))
        pdf_bytes = sum(i.file_size for i in archive.infolist() if i.filename.startswith("pdf/"))
        print(f"bundle          {args.participants} participants × {len(sheets)} sheets, {len(workshop.teams)} teams")
        print(f"build time      best {min(times):.2f} s, worst {max(times):.2f} s (target ≤ 2 s)")
        print(f"ZIP size        {len(bundle.data) / 1e6:.1f} MB (team PDFs {pdf_bytes / 1e6:.1f} MB; target ≤ 5 MB)")
        print(f"problems        {len(bundle.problems)}")
    return 0 if not bundle.problems else 1


if __name__ == "__main__":
    sys.exit(main())
