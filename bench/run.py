"""make bench: the project beside the reference peers, in one run on this machine.

Runs ../shared/peers/run_all.sh (ceiling, transitions and SpiffWorkflow peers, then this
project) with bench/scenario.json, prints the peers' table, then the project's ratios to the
ceiling and the SpiffWorkflow peer. Env: N (episodes per run), CONCURRENCY, SEED, PEERS_DIR.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(os.environ.get("PEERS_DIR", ROOT.parent / "shared" / "peers"))
TARGET = (
    f"cd '{ROOT}' && export DATABASE_URL=sqlite:///$DB_DIR/methodisch.db && "
    f"'{ROOT}/.venv/bin/alembic' upgrade head >/dev/null 2>&1 && "
    f"exec '{ROOT}/.venv/bin/uvicorn' app.main:app --host 127.0.0.1 --port $PORT "
    "--workers 1 --no-access-log --log-level warning"
)


def _load(out_dir: Path, name: str, c: int) -> dict[str, Any] | None:
    path = out_dir / f"{name}.c{c}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _ratios(out_dir: Path, concurrency: list[int]) -> None:
    print("\nmethodisch against the peers (same run, same machine)")
    print(
        f"{'C':>3}  {'ep/s project':>13}  {'ceiling':>8}  {'spiff':>8}  {'x ceiling':>9}  "
        f"{'p99 trans ms':>12}  {'ceiling':>8}  {'x ceiling':>9}"
    )
    for c in concurrency:
        me, top, spiff = (_load(out_dir, n, c) for n in ("methodisch", "ceiling_app", "spiff_peer"))
        if me is None or top is None:
            print(f"{c:>3}  missing results (see {out_dir})")
            continue
        eps, top_eps = me["load"]["episodes_per_s"], top["load"]["episodes_per_s"]
        spiff_eps = spiff["load"]["episodes_per_s"] if spiff else float("nan")
        p99 = me["load"]["latency_ms"]["transition"]["p99"]
        top_p99 = top["load"]["latency_ms"]["transition"]["p99"]
        print(
            f"{c:>3}  {eps:>13.1f}  {top_eps:>8.1f}  {spiff_eps:>8.1f}  {eps / top_eps:>9.2f}  "
            f"{p99:>12.2f}  {top_p99:>8.2f}  {p99 / top_p99:>9.2f}"
        )
        if me["load"]["errors"]:
            print(f"     errors: {me['load']['errors']}")
    print("targets: episodes/s >= 0.80 x ceiling and above spiff; transition p99 <= 1.5 x ceiling")


def main() -> int:
    concurrency = os.environ.get("CONCURRENCY", "1 8")
    out_dir = Path(os.environ.get("OUT_DIR") or tempfile.mkdtemp(prefix="methodisch-bench."))
    env = os.environ | {
        "CONCURRENCY": concurrency,
        "OUT_DIR": str(out_dir),
        "N": os.environ.get("N", "300"),
    }
    cmd = [
        str(PEERS / "run_all.sh"),
        "--target",
        TARGET,
        "--target-name",
        "methodisch",
        "--target-scenario",
        str(ROOT / "bench" / "scenario.json"),
    ]
    done = subprocess.run(cmd, env=env, check=False)
    _ratios(out_dir, [int(c) for c in concurrency.split()])
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
