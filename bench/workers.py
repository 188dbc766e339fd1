"""How whole-episode throughput grows with worker processes on PostgreSQL.

    tests/with_postgres.sh .venv/bin/python bench/workers.py

Needs TEST_DATABASE_URL (a PostgreSQL server's maintenance database; with_postgres.sh starts a
throwaway one). For 1, 2 and 4 workers: a fresh migrated database, the project with that many
uvicorn workers, and the shared driver at C=8 with bench/scenario.json. This machine has 2 cores
shared by the driver, the workers and PostgreSQL, so the gain is bounded by the cores, not by
the design; the figure shows that nothing serialises the workers. Env: WORKERS_N (episodes per
run, 150), WORKERS_C (concurrency, 8), WORKERS_LIST ("1 2 4").
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from common import ROOT, prepare_database, project_server, scratch_dir

PEERS = Path(os.environ.get("PEERS_DIR", ROOT.parent / "shared" / "peers"))
PY = os.environ.get("PY", "/tmp/peers-venv/bin/python")


def _fresh_database(server_url: str, directory: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from app.testing import ScratchDatabases  # the tests' migrated-template copies

    return ScratchDatabases(directory, server_url).fresh()


def _drive(url: str, token: str, n: int, c: int, out: Path) -> dict[str, float]:
    subprocess.run(
        [
            PY, str(PEERS / "drive.py"), "--base-url", url, "-c", str(c), "-n", str(n),
            "--seed", "0", "--scenario", str(ROOT / "bench" / "scenario.json"),
            "--header", f"Authorization: Bearer {token}", "--json", str(out),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    load = json.loads(out.read_text())["load"]
    return {
        "eps": load["episodes_per_s"],
        "p99": load["latency_ms"]["transition"]["p99"],
        "errors": float(sum(load["errors"].values())),
    }


def main() -> int:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server or not server.startswith("postgresql"):
        print("workers: needs TEST_DATABASE_URL (run through tests/with_postgres.sh)")
        return 2
    n = int(os.environ.get("WORKERS_N", "150"))
    c = int(os.environ.get("WORKERS_C", "8"))
    counts = [int(w) for w in os.environ.get("WORKERS_LIST", "1 2 4").split()]
    rows = []
    with scratch_dir("methodisch-workers.") as tmp:
        for workers in counts:
            url, token = prepare_database(tmp, _fresh_database(server, tmp))
            with project_server(url, tmp / f"server-{workers}.log", workers) as base:
                rows.append((workers, _drive(base, token, n, c, tmp / f"w{workers}.json")))
    print(f"workers on PostgreSQL: whole episodes at C={c}, N={n} (same run, same machine)")
    print(f"  {'workers':>7}  {'ep/s':>6}  {'x 1 worker':>10}  {'trans p99 ms':>12}  errors")
    base_eps = rows[0][1]["eps"]
    for workers, r in rows:
        print(
            f"  {workers:>7}  {r['eps']:>6.1f}  {r['eps'] / base_eps:>10.2f}  {r['p99']:>12.1f}"
            f"  {int(r['errors'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
