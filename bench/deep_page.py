"""Is a page deep in a big practice as fast as the first? GET /v1/episodes at 1M episodes.

    DEEP_EPISODES=20000 .venv/bin/python bench/deep_page.py     # a quick try

Seeds DEEP_EPISODES (1 000 000) episode rows into a fresh migrated SQLite database with plain
sqlite3 `executemany` (target >= 10 000 episodes/s), then measures, interleaved, the first page
and a page ~99 % deep (`limit=50`), without and with a `status=` filter. Target: p50 deep /
p50 first <= 1.5. Env: DEEP_EPISODES, DEEP_SAMPLES (50).
"""

import json
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from common import Target, p50_ms, prepare_database, print_targets, project_server, scratch_dir

STATUSES = (
    "screening", "anamnese", "onderzoek", "diagnose", "behandelplan",
    "behandeling", "evaluatie", "afsluiting", "afgesloten",
)  # fmt: skip
FILTER_STATUS = "behandeling"
LIMIT = 50
BATCH = 100_000
SEED_BOUND = 10_000.0
DEEP_BOUND = 1.5
CLIENT = json.dumps({"leeftijdsgroep": "volwassene", "wilsbekwaam": True})
START = datetime(2020, 1, 1, tzinfo=UTC)


def _row(i: int, practice: int, therapist: int) -> dict[str, Any]:
    """Episode i as the app stores it: DTO, its status by turn, one a minute since 2020."""
    status = STATUSES[i % len(STATUSES)]
    at = START + timedelta(minutes=i)
    stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")  # UtcDateTime on SQLite: naive UTC text
    return {
        "id": i,
        "client_ref": f"bulk-{i:07d}",
        "profile": "algemeen",
        "definition_version": 3,
        "route": "dto",
        "status": status,
        "version": 1 + 2 * STATUSES.index(status),  # a record and a transition per step
        "client": CLIENT,
        "verwijzing": "null",
        "aangemeld_op": at.strftime("%Y-%m-%d"),
        "sessie_count": 0,
        "created_at": stamp,
        "updated_at": stamp,
        "created_by": f"therapist:{therapist}",
        "metingen": "{}",
        "practice_id": practice,
        "therapist_id": therapist,
        "aangehouden": "null",
        "contacten": "null",
        "toestemmingen": "null",
        "berichten_verzonden": "null",
        "afgesloten_op": at.strftime("%Y-%m-%d") if status == "afgesloten" else None,
    }


def _insert_sql(db: sqlite3.Connection) -> str:
    """INSERT over the table's real columns: a column the app added since fails here, loudly."""
    columns = [r[1] for r in db.execute("PRAGMA table_info(episode)")]
    unknown = set(columns) - set(_row(1, 1, 1))
    if unknown:
        raise RuntimeError(f"deep_page.py does not know episode columns {sorted(unknown)}")
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO episode ({names}) VALUES ({marks})"


def _batches(n: int, practice: int, therapist: int) -> Iterator[list[dict[str, Any]]]:
    for lo in range(1, n + 1, BATCH):
        yield [_row(i, practice, therapist) for i in range(lo, min(lo + BATCH, n + 1))]


def seed(path: Path, n: int) -> float:
    """n episodes for the one practice and therapist; returns episodes per second."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        (practice,) = db.execute("SELECT id FROM practice").fetchone()
        (therapist,) = db.execute("SELECT id FROM therapist").fetchone()
        sql = _insert_sql(db)
        # The server's own settings (WAL, synchronous=NORMAL); each batch is one transaction.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        t0 = time.perf_counter()
        for rows in _batches(n, practice, therapist):
            db.execute("BEGIN")
            db.executemany(sql, rows)
            db.execute("COMMIT")
        rate = n / (time.perf_counter() - t0)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return rate


def _page(client: httpx.Client, params: dict[str, str]) -> dict[str, Any]:
    resp = client.get("/v1/episodes", params=params)
    if resp.status_code != 200:
        raise RuntimeError(f"GET /v1/episodes {params} -> {resp.status_code}: {resp.text}")
    page: dict[str, Any] = resp.json()
    items = page["items"]
    if len(items) != LIMIT or not page["next_cursor"]:  # both sides read a full page
        raise RuntimeError(f"GET /v1/episodes {params}: {len(items)} items, not a full page")
    if "status" in params and {e["status"] for e in items} != {params["status"]}:
        raise RuntimeError(f"GET /v1/episodes {params}: the filter let other statuses through")
    return page


def deep_cursor(client: httpx.Client, n: int, base: dict[str, str]) -> str:
    """A cursor the server issued ~99 % into the list.

    Walking next_cursor from the first page would take n / 50 requests (and write an access
    row per episode shown), so we start one page earlier from a cursor built with the app's own
    `pagination.encode` (what the server hands out after that id) and measure with the
    `next_cursor` the server returns for it. The same id works for the `status=` walk: keyset
    pages on the (practice, status, id) index start after an id whatever the filter.
    """
    from app import pagination  # here, so a broken app fails this part only, not run.py

    # past `after`: the page that yields the cursor, a full measured page and its successor
    spare = 3 * LIMIT * len(STATUSES)
    after = min(int(n * 0.99), n - spare)
    if after < n // 2:
        raise RuntimeError(f"DEEP_EPISODES={n} is too small for a deep page; take >= {2 * spare}")
    cursor: str = _page(client, base | {"cursor": pagination.encode(after)})["next_cursor"]
    return cursor


def _measure(client: httpx.Client, n: int, samples: int) -> dict[str, list[float]]:
    """First and deep page, plain and filtered, interleaved so drift hits all four alike.

    The order is shuffled each round, so a periodic cost (a batched audit flush, a GC pass)
    cannot land on the same query every time: with the audit writer's old 200-row batches
    and four queries of 50 rows, a fixed order put every flush on the third.
    """
    plain = {"limit": str(LIMIT)}
    filtered = plain | {"status": FILTER_STATUS}
    queries = {
        "first": plain,
        "deep": plain | {"cursor": deep_cursor(client, n, plain)},
        f"first status={FILTER_STATUS}": filtered,
        f"deep status={FILTER_STATUS}": filtered | {"cursor": deep_cursor(client, n, filtered)},
    }
    out: dict[str, list[float]] = {name: [] for name in queries}
    rng = random.Random(2026)
    names = list(queries)
    for round_ in range(5 + samples):  # 5 warm-up rounds, not counted
        rng.shuffle(names)
        for name in names:
            params = queries[name]
            t0 = time.perf_counter()
            _page(client, params)
            if round_ >= 5:
                out[name].append(time.perf_counter() - t0)
    return out


def main() -> list[Target]:
    n = int(os.environ.get("DEEP_EPISODES", "1000000"))
    samples = int(os.environ.get("DEEP_SAMPLES", "50"))
    t0 = time.perf_counter()
    with scratch_dir("methodisch-deep.") as directory:
        db_url, token = prepare_database(directory)
        rate = seed(directory / "methodisch.db", n)
        print(f"\ndeep page: seeded {n:,} episodes at {rate:,.0f} episodes/s")
        headers = {"Authorization": f"Bearer {token}"}
        with (
            project_server(db_url, directory / "server.log") as base_url,
            httpx.Client(base_url=base_url, headers=headers, timeout=30) as client,
        ):
            lat = _measure(client, n, samples)
    print(f"  GET /v1/episodes?limit={LIMIT}, p50 ms of {samples} interleaved samples")
    targets = [Target(f"deep page: seeding episodes/s at {n:,}", rate, SEED_BOUND, True)]
    for kind in ("", f" status={FILTER_STATUS}"):
        first, deep = p50_ms(lat[f"first{kind}"]), p50_ms(lat[f"deep{kind}"])
        print(f"  {'first' + kind:<26} {first:>7.2f}   deep {deep:>7.2f}   x {deep / first:.2f}")
        targets.append(
            Target(f"deep page: p50 deep / first{kind}", deep / first, DEEP_BOUND, False)
        )
    print(f"  ({time.perf_counter() - t0:.1f} s in all)")
    return targets


if __name__ == "__main__":
    print_targets("deep page targets", main())
