"""Join/key throttling counted in the draft store, on both backends (issue 19: several app servers, one store)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from tests.conftest import ROOT
from worksheets import workshop as W
from worksheets.errors import InputError
from worksheets.store import DraftStore
from worksheets.throttle import MAX_WINDOW, Client, Rule, Throttle


def test_the_rules_hold_when_the_attempts_live_in_the_store(store: DraftStore) -> None:
    t = Throttle("参加の操作", per_session=Rule(3, 60), per_address=Rule(5, 60))
    bot = Client("s1", "203.0.113.7")
    for _ in range(3):
        t.check(bot, now=1000, store=store)
        t.record(bot, now=1000, store=store)
    assert t.wait(bot, now=1001, store=store) == 59
    with pytest.raises(
        InputError, match="参加の操作が短い時間に続いたため、いったん受け付けを止めています。約59秒後に"
    ):
        t.check(bot, now=1001, store=store)
    for n in range(2):  # new sessions from the same address: the address budget still counts
        t.record(Client(f"other{n}", "203.0.113.7"), now=1002, store=store)
    with pytest.raises(InputError, match="約57秒後にもう一度お試しください"):
        t.check(Client("fresh", "203.0.113.7"), now=1003, store=store)
    t.check(Client("fresh", "198.51.100.1"), now=1003, store=store)  # someone else is not affected
    t.check(Client("fresh"), now=1003, store=store)
    t.check(bot, now=1060, store=store)  # the window has passed
    assert t.wait(bot, now=1060) == 0  # and this process's memory holds nothing


def test_two_draftstore_objects_on_one_database_share_the_count(store: DraftStore) -> None:
    server_a, server_b = store, DraftStore(store.location)  # two app servers' stores
    throttle_a = Throttle("ファシリテーターキーの入力", per_session=Rule(5, 600), per_address=Rule(20, 600))
    throttle_b = Throttle("ファシリテーターキーの入力", per_session=Rule(5, 600), per_address=Rule(20, 600))
    for n in range(20):  # a bot without cookies: every attempt a new session, alternating servers
        throttle, server = (throttle_a, server_a) if n % 2 else (throttle_b, server_b)
        throttle.check(Client(f"s{n}", "203.0.113.7"), now=5000 + n, store=server)
        throttle.record(Client(f"s{n}", "203.0.113.7"), now=5000 + n, store=server)
    for throttle, server in ((throttle_a, server_a), (throttle_b, server_b)):
        with pytest.raises(InputError, match="ファシリテーターキーの入力が短い時間に続いた"):
            throttle.check(Client("next", "203.0.113.7"), now=5030, store=server)
        throttle.check(Client("next", "198.51.100.1"), now=5030, store=server)


_JOIN_IN_ANOTHER_PROCESS = """
import json, sys
from worksheets import workshop as W
from worksheets.errors import InputError
from worksheets.store import DraftStore
from worksheets.throttle import Client
store = DraftStore(sys.argv[1])
joined = 0
for n in range(int(sys.argv[3])):
    try:
        W.join(store, sys.argv[2], f"bot{n}", "1班", Client(f"server-a-{n}", "203.0.113.7"))
        joined += 1
    except InputError:
        pass
print(json.dumps(joined))
"""


def test_a_bot_spread_over_two_server_processes_gets_the_address_limit_once(store: DraftStore) -> None:
    """Server A is a separate process (its own memory); this process is server B. Failed on the old code:
    B accepted another full address budget."""
    workshop, _ = W.create(store, W.setup_from_form("WS", date(2026, 11, 25), ["issue_sheet"], "1班"))
    limit = W.JOIN_THROTTLE.rules["address"].limit
    W.JOIN_THROTTLE.reset()
    done = subprocess.run(
        [sys.executable, "-c", _JOIN_IN_ANOTHER_PROCESS, store.location, workshop.code, str(limit // 2)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout) == limit // 2
    server_b = DraftStore(store.location)
    for n in range(limit - limit // 2):
        W.join(server_b, workshop.code, f"bot-b{n}", "1班", Client(f"server-b-{n}", "203.0.113.7"))
    with pytest.raises(InputError, match="いったん受け付けを止めています"):
        W.join(server_b, workshop.code, "bot-b-last", "1班", Client("server-b-last", "203.0.113.7"))
    assert len(store.participants(workshop.id)) == limit
    W.join(server_b, workshop.code, "山田", "1班", Client("real", "198.51.100.1"))  # another address still joins


def test_the_stored_attempts_are_bounded_and_name_no_address(store: DraftStore) -> None:
    t = Throttle("x", per_session=Rule(2, 60), per_address=Rule(2, 60), max_clients=50)
    for n in range(200):
        t.record(Client(f"s{n}", f"198.51.100.{n}"), now=10_000 + n * 0.01, store=store)
    assert t.attempts(store) == 50
    assert t.clients(store) == 50
    assert t.clients() == 0  # nothing in this process's memory
    rows = store.db.read("SELECT client FROM throttle_attempts")
    assert not [r for r in rows if "198.51.100" in r["client"] or r["client"].startswith("s")]
    t.record(Client("late"), now=10_000 + 62, store=store)  # the window has passed: the old attempts go
    assert t.attempts(store) == 1
    other = Throttle("y", per_session=Rule(2, 60), per_address=Rule(2, 60))
    other.record(Client("a"), now=10_000, store=store)
    t.reset(store)
    assert t.attempts(store) == 0
    assert other.attempts(store) == 1  # each throttle keeps its own count


def test_the_retention_purge_drops_attempts_too_old_to_count(store: DraftStore) -> None:
    t = Throttle("z", per_session=Rule(2, 60), per_address=Rule(2, 60))
    t.record(Client("old"), now=1_000_000, store=store)
    t.record(Client("new"), now=1_000_000 + MAX_WINDOW, store=store)
    store.purge(now=1_000_000 + MAX_WINDOW + 1)
    assert t.clients(store) == 1


def test_a_window_longer_than_the_purge_keeps_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        Throttle("w", per_session=Rule(2, MAX_WINDOW + 1), per_address=Rule(2, 60))


def test_code_guesses_and_wrong_keys_are_counted_in_the_store(store: DraftStore) -> None:
    """find_code and try_key count in the store: what this process's memory held is gone (as on another
    server), the count is not."""
    workshop, facilitator_key = W.create(store, W.setup_from_form("WS", date(2026, 11, 25), ["issue_sheet"], "1班"))
    me = Client("guesser", "203.0.113.9")
    for n in range(W.JOIN_THROTTLE.rules["session"].limit):
        assert W.find_code(store, f"ZZZZZ{n}", me) is None
    for _ in range(W.KEY_THROTTLE.rules["session"].limit):
        assert not W.try_key(store, workshop.id, "wrong-key", me)
    W.JOIN_THROTTLE.reset()
    W.KEY_THROTTLE.reset()
    other_server = DraftStore(store.location)
    with pytest.raises(InputError, match="参加の操作が短い時間に続いた"):
        W.find_code(other_server, workshop.code, me)
    with pytest.raises(InputError, match="ファシリテーターキーの入力が短い時間に続いた"):
        W.try_key(other_server, workshop.id, facilitator_key, me)
    assert W.try_key(other_server, workshop.id, facilitator_key, Client("facilitator", "198.51.100.2"))
