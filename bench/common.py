"""What the bench scripts share: the signed-in database, the server process and the targets."""

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def prepare_database(directory: Path, url: str | None = None) -> tuple[str, str]:
    """A migrated database (a SQLite file in `directory` unless `url` names another) with one
    practice, one therapist and a token: what an EPD has."""
    url = url or f"sqlite:///{directory / 'methodisch.db'}"
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


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temp dir, removed after success and kept (and named) after a failure."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    except BaseException:
        print(f"kept for inspection: {path}", file=sys.stderr)
        raise
    shutil.rmtree(path)


def server_argv(port: str, workers: int = 1) -> list[str]:
    """The project's server as every bench part starts it: no access log, one worker unless
    asked."""
    return [
        str(BIN / "uvicorn"), "--factory", "app.main:create_app",
        "--http", "app.server:HttpProtocol", "--host", "127.0.0.1",
        "--port", port, "--workers", str(workers), "--no-access-log", "--no-server-header",
        "--log-level", "warning",
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early ({proc.returncode}):\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server not listening after 30 s:\n{log.read_text()}")


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """TERM the server's process group (its own session), KILL it if it lingers."""
    for sig, wait_s in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def project_server(db_url: str, log: Path, workers: int = 1) -> Iterator[str]:
    """The project on a free port against `db_url`; yields its base URL."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            server_argv(str(port), workers),
            cwd=ROOT,
            env=os.environ | {"DATABASE_URL": db_url},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its group id is its pid: stop it and any children at once
        )
    try:
        wait_listening(proc, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process_group(proc)


def p50_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


@dataclass(frozen=True)
class Target:
    """One target of the issue: a measured figure against its bound."""

    name: str
    measured: float  # nan when the part did not run
    bound: float
    at_least: bool  # True: measured >= bound passes; False: measured <= bound passes

    @property
    def verdict(self) -> str:
        if self.measured != self.measured:  # nan
            return "ERROR"
        ok = self.measured >= self.bound if self.at_least else self.measured <= self.bound
        return "PASS" if ok else "MISS"

    def row(self) -> str:
        op = ">=" if self.at_least else "<="
        return (
            f"  {self.name:<48} {self.measured:>12,.2f}  {op} {self.bound:<10,.1f} {self.verdict}"
        )


def print_targets(title: str, targets: list[Target]) -> None:
    print(f"\n{title}")
    print(f"  {'target':<48} {'measured':>12}  {'bound':<13} verdict")
    for t in targets:
        print(t.row())
