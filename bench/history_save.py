"""Saving stays fast with history: save time and the sheet page's edit-rerun time for a draft with
1 version and with 500 versions, and the store's size per kept version.

    python bench/history_save.py [--repeat 30] [--versions 500]

Each save writes one history row (the model's JSON, zlib-compressed) in the save's transaction, so
the cost of a save does not depend on how many versions the draft already has.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worksheets import history  # noqa: E402
from worksheets.store import DraftStore  # noqa: E402

SAMPLE = ROOT / "data/samples/issue_detail_fukuoka.json"
WS = "b" * 22


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _data(n: int) -> str:
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sample["data"]["organization"] = f"福岡市 版{n}"
    return json.dumps(sample["data"], ensure_ascii=False)


def make_draft(store: DraftStore, versions: int) -> str:
    draft = store.create(WS, "issue_detail", _data(1), "bench")
    for n in range(2, versions + 1):
        store.save(draft.id, _data(n), "bench", n - 1)
    return draft.id


def save_times(store: DraftStore, draft_id: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        current = store.get(draft_id)
        assert current is not None
        start = time.perf_counter()
        store.save(draft_id, _data(current.version + 1), "bench", current.version)
        times.append(time.perf_counter() - start)
    return times


def rerun_times(location: str, draft_id: str, repeat: int) -> list[float]:
    """An edit on the sheet page (AppTest: the widget change, autosave and the page rerun)."""
    from streamlit.testing.v1 import AppTest

    os.environ["WORKSHEETS_DB"] = location
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"ws": WS, "draft": draft_id})
    at.switch_page("app_pages/issue_detail.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for n in range(repeat):
        start = time.perf_counter()
        at.text_input(key="f.issue_detail.organization").input(f"編集 {n}").run()
        times.append(time.perf_counter() - start)
        assert not at.exception
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--versions", type=int, default=500)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    location = str(tmp / "bench.sqlite3")
    store = DraftStore(location)
    few = make_draft(store, 1)
    many = make_draft(store, args.versions)
    for label, draft_id in (("1 version", few), (f"{args.versions} versions", many)):
        saves = save_times(store, draft_id, args.repeat)
        print(
            f"store.save with {label}: median {statistics.median(saves) * 1000:.2f} ms,"
            f" p95 {p95(saves) * 1000:.2f} ms"
        )
    for label, draft_id in (("1 version", few), (f"{args.versions} versions", many)):
        reruns = rerun_times(location, draft_id, max(5, args.repeat // 3))
        print(
            f"edit-rerun (AppTest, 詳細版) with {label}: median {statistics.median(reruns) * 1000:.1f} ms,"
            f" p95 {p95(reruns) * 1000:.1f} ms"
        )
    count, stored = history.size(store, many)
    raw = len(_data(1).encode("utf-8"))
    print(
        f"history size: {count} versions, {stored / count:.0f} bytes per version stored"
        f" (model JSON {raw} bytes, zlib+base64 = {stored / count / raw:.0%} of a full copy)"
    )


if __name__ == "__main__":
    main()
