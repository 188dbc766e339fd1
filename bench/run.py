"""make bench: the project beside the reference peers, then its own scaling, in one run.

1. Runs ../shared/peers/run_all.sh (ceiling, transitions and SpiffWorkflow peers, then this
   project) with bench/scenario.json, prints the peers' table, then the project's ratios to the
   ceiling and the SpiffWorkflow peer. The project runs signed in, like an EPD: a practice, a
   therapist and a token are made first. Targets: whole episodes/s >= 1.5 x ceiling at C=1 and
   C=8, transition p50 at C=1 <= 0.6 x ceiling, transition p99 <= 1.0 x ceiling.
   Then the driver floor (the driver against a server that does nothing) and C=8 again from
   two driver processes of C=4 (bench/split_driver.py), because one driver process is the
   bottleneck at C=8 and its own queueing sets the p99 there.
2. The in-process scoring throughput of the catalogue (bench/measures_bench.py, >= 50 000/s).
3. bench/growth.py: read, record save and sessie after 200 sessies against the first (<= 1.2 x).
4. bench/deep_page.py: 1M episodes seeded in bulk (>= 10 000/s), the first page of
   GET /v1/episodes against a deep cursor (<= 1.5 x).
Then one table of every target with PASS/MISS, or ERROR where a part failed to run; the exit
status is 1 only for an ERROR (a MISS is a finding, not a broken run).
Env: N (episodes per run), CONCURRENCY, SEED, PEERS_DIR, OUT_DIR; GROWTH_SAMPLES,
GROWTH_SESSIES (growth.py); DEEP_EPISODES, DEEP_SAMPLES (deep_page.py); SKIP (parts to leave
out, e.g. SKIP="peers deep"; "floor" is the driver against a server that does nothing,
bench/noop_app.py, printed for reference; "split" is C=8 from two driver processes,
bench/split_driver.py).
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import deep_page
import growth
import measures_bench
import split_driver
from common import (
    BIN,
    ROOT,
    Target,
    free_port,
    prepare_database,
    print_targets,
    server_argv,
    wait_listening,
)

PEERS = Path(os.environ.get("PEERS_DIR", ROOT.parent / "shared" / "peers"))
NAN = float("nan")
FIGURES = {"eps": "ep/s project", "p50": "p50 trans ms", "p99": "p99 trans ms"}
# bounds of the peer comparison, as ratios project / ceiling
EPS_BOUND, P50_BOUND, P99_BOUND = 1.5, 0.6, 1.0
ODI_BOUND = 50_000.0


def _load(out_dir: Path, name: str, c: int) -> dict[str, Any] | None:
    path = out_dir / f"{name}.c{c}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _figures(me: dict[str, Any], top: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Per figure: (project, ceiling)."""
    mine, ceil = me["load"], top["load"]
    tr, ceil_tr = mine["latency_ms"]["transition"], ceil["latency_ms"]["transition"]
    return {
        "eps": (mine["episodes_per_s"], ceil["episodes_per_s"]),
        "p50": (tr["p50"], ceil_tr["p50"]),
        "p99": (tr["p99"], ceil_tr["p99"]),
    }


def _peer_targets(c: int, figures: dict[str, tuple[float, float]] | None) -> dict[str, Target]:
    """This concurrency's targets by figure; nan (ERROR) where a result is missing."""

    def ratio(key: str) -> float:
        return figures[key][0] / figures[key][1] if figures else NAN

    targets = {"eps": Target(f"peers C={c}: episodes/s / ceiling", ratio("eps"), EPS_BOUND, True)}
    if c == 1:
        targets["p50"] = Target(
            f"peers C={c}: transition p50 / ceiling", ratio("p50"), P50_BOUND, False
        )
    targets["p99"] = Target(
        f"peers C={c}: transition p99 / ceiling", ratio("p99"), P99_BOUND, False
    )
    return targets


def _ratios(out_dir: Path, concurrency: list[int]) -> list[Target]:
    print("\nmethodisch against the peers (same run, same machine)")
    head = "  ".join(f"{h:>12}  {'ceiling':>8}  {'x ceil':>6} {'':<5}" for h in FIGURES.values())
    print(f"{'C':>3}  {head}  {'spiff ep/s':>10}")
    targets: list[Target] = []
    for c in concurrency:
        me, top, spiff = (_load(out_dir, n, c) for n in ("methodisch", "ceiling_app", "spiff_peer"))
        figures = _figures(me, top) if me is not None and top is not None else None
        found = _peer_targets(c, figures)
        targets += found.values()
        if me is None or figures is None:
            print(f"{c:>3}  missing results (see {out_dir})")
            continue
        cells = []
        for key, (mine, ceil) in figures.items():
            verdict = found[key].verdict if key in found else "-"
            cells.append(f"{mine:>12.2f}  {ceil:>8.2f}  {mine / ceil:>6.2f} {verdict:<5}")
        spiff_eps = spiff["load"]["episodes_per_s"] if spiff else NAN
        print(f"{c:>3}  {'  '.join(cells)}  {spiff_eps:>10.1f}")
        if me["load"]["errors"]:
            print(f"     errors: {me['load']['errors']}")
    print(
        f"targets: episodes/s >= {EPS_BOUND} x ceiling at every C; transition p50 at C=1 "
        f"<= {P50_BOUND} x ceiling; transition p99 <= {P99_BOUND} x ceiling"
    )
    return targets


def _peers(concurrency: list[int]) -> list[Target]:
    out_dir = Path(os.environ.get("OUT_DIR") or tempfile.mkdtemp(prefix="methodisch-bench."))
    env = os.environ | {
        "CONCURRENCY": " ".join(map(str, concurrency)),
        "OUT_DIR": str(out_dir),
        "N": os.environ.get("N", "300"),
    }
    db_url, token = prepare_database(Path(tempfile.mkdtemp(prefix="methodisch-bench-db.")))
    # run_all.sh runs this under bash with PORT set: everything but $PORT is quoted
    serve = " ".join(a if a == "$PORT" else shlex.quote(a) for a in server_argv("$PORT"))
    target = f"cd {shlex.quote(str(ROOT))} && DATABASE_URL={shlex.quote(db_url)} exec {serve}"
    cmd = [
        str(PEERS / "run_all.sh"),
        "--target", target,
        "--target-name", "methodisch",
        "--target-scenario", str(ROOT / "bench" / "scenario.json"),
        "--header", f"Authorization: Bearer {token}",
    ]  # fmt: skip
    done = subprocess.run(cmd, env=env, check=False)
    if done.returncode:  # its missing results show as ERROR below
        print(f"[peers] run_all.sh exited {done.returncode}", file=sys.stderr)
    return _ratios(out_dir, concurrency)


def _driver_floor() -> list[Target]:
    """The driver against a server that does nothing (bench/noop_app.py), at C=8: printed
    beside the targets, because at C=8 the project is fast enough that the driver, not the
    server, sets the transition p99 (README, "Benchmark")."""
    port = free_port()
    serve = [
        str(BIN / "uvicorn"), "--app-dir", str(ROOT / "bench"), "noop_app:app",
        "--http", "app.server:HttpProtocol", "--port", str(port), "--no-access-log",
        "--log-level", "warning",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "noop.log"
        with log.open("wb") as sink:
            proc = subprocess.Popen(
                serve, cwd=ROOT, stdout=sink, stderr=sink, start_new_session=True
            )
        try:
            wait_listening(proc, port, log)
            out = Path(tmp) / "noop.json"
            subprocess.run(
                [
                    os.environ.get("PY", "/tmp/peers-venv/bin/python"), str(PEERS / "drive.py"),
                    "--base-url", f"http://127.0.0.1:{port}", "-c", "8",
                    "-n", os.environ.get("N", "300"), "--seed", "0",
                    "--scenario", str(ROOT / "bench" / "scenario.json"), "--json", str(out),
                ],
                check=True,
                capture_output=True,
            )  # fmt: skip
            load = json.loads(out.read_text())["load"]
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=10)
    tr = load["latency_ms"]["transition"]
    print(
        f"driver floor: a server that does nothing, C=8: {load['requests_per_s']:.0f} req/s, "
        f"transition p50 {tr['p50']:.1f} ms, p99 {tr['p99']:.1f} ms"
    )
    return []  # a reference figure, not a target


def _measures() -> list[Target]:
    rate = measures_bench.main()
    return [Target("ODI scorings/s in-process", rate, ODI_BOUND, True)]


def _part(name: str, run: Callable[[], list[Target]], missing: list[Target]) -> list[Target]:
    """A failing part prints its traceback and shows as ERROR; the other parts still run."""
    try:
        return run()
    except Exception:
        traceback.print_exc()
        print(f"[{name}] failed; its targets show as ERROR", file=sys.stderr)
        return missing


def main() -> int:
    skip = os.environ.get("SKIP", "").split()
    concurrency = [int(c) for c in os.environ.get("CONCURRENCY", "1 8").split()]
    targets: list[Target] = []
    if "peers" not in skip:
        missing = [t for c in concurrency for t in _peer_targets(c, None).values()]
        targets += _part("peers", lambda: _peers(concurrency), missing)
    if "floor" not in skip:
        _part("driver floor", _driver_floor, [])
    if "split" not in skip:
        missing = [Target("split driver C=8", NAN, split_driver.EPS_BOUND, True)]
        targets += _part("split driver", split_driver.main, missing)
    if "measures" not in skip:
        targets += _part("measures", _measures, [Target("ODI scorings/s", NAN, ODI_BOUND, True)])
    if "growth" not in skip:
        targets += _part("growth", growth.main, [Target("growth", NAN, growth.BOUND, False)])
    if "deep" not in skip:
        missing = [Target("deep page", NAN, deep_page.DEEP_BOUND, False)]
        targets += _part("deep page", deep_page.main, missing)
    print_targets("all targets (ratios are project / reference)", targets)
    return int(any(t.verdict == "ERROR" for t in targets))


if __name__ == "__main__":
    sys.exit(main())
