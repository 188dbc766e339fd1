"""make bench: the project beside the reference peers, in one run on this machine.

Runs ../shared/peers/run_all.sh (ceiling, transitions and SpiffWorkflow peers, then this
project) with bench/scenario.json, prints the peers' table, then the project's ratios to the
ceiling and the SpiffWorkflow peer, and the in-process scoring throughput of the catalogue.
The project runs signed in, like an EPD: a practice, a therapist and a token are made first.
Env: N (episodes per run), CONCURRENCY, SEED, PEERS_DIR.
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
BIN = ROOT / ".venv" / "bin"


def _prepare_database(directory: Path) -> tuple[str, str]:
    """A migrated SQLite file with one practice, one therapist and a token: what an EPD has."""
    url = f"sqlite:///{directory / 'methodisch.db'}"
    env = os.environ | {"DATABASE_URL": url}

    def run(*args: str) -> str:
        return subprocess.run(
            args, env=env, cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()

    run(str(BIN / "alembic"), "upgrade", "head")
    practice = run(
        str(BIN / "methodisch"), "practice", "create", "--naam", "Bench", "--agb", "99999999"
    )
    therapist = run(
        str(BIN / "methodisch"), "therapist", "create", "--practice", practice, "--naam", "Bench",
        "--login", "bench", "--registratie", "oefentherapeut",
    )  # fmt: skip
    token = run(str(BIN / "methodisch"), "token", "create", "--therapist", therapist, "--days", "1")
    return url, token


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
    db_url, token = _prepare_database(Path(tempfile.mkdtemp(prefix="methodisch-bench-db.")))
    target = (
        f"cd '{ROOT}' && DATABASE_URL='{db_url}' exec '{BIN}/uvicorn' app.main:app "
        "--host 127.0.0.1 --port $PORT --workers 1 --no-access-log --log-level warning"
    )
    cmd = [
        str(PEERS / "run_all.sh"),
        "--target", target,
        "--target-name", "methodisch",
        "--target-scenario", str(ROOT / "bench" / "scenario.json"),
        "--header", f"Authorization: Bearer {token}",
    ]  # fmt: skip
    done = subprocess.run(cmd, env=env, check=False)
    subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "measures_bench.py")], check=False)
    _ratios(out_dir, [int(c) for c in concurrency.split()])
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
