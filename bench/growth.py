"""Does an episode get slower as its sessies pile up? A young and a grown episode, side by side.

    .venv/bin/python bench/growth.py

Drives two DTO episodes to `behandeling` with bench/scenario.json and appends GROWTH_SESSIES
sessies to one. Then measures, interleaved over both, the read (GET /v1/episodes/{id}), the
record save (PUT .../records/behandeling with the served example) and a sessie (POST
.../sessies). Measuring both in the same rounds, not one window before the other, keeps the
drift of a shared machine out of the ratio. Each sample appends a sessie and a record version,
so the windows span 0..SAMPLES-1 and SESSIES..SESSIES+SAMPLES-1 sessies. Target: p50 grown /
p50 young <= 1.2 for each. Env: GROWTH_SAMPLES (50), GROWTH_SESSIES (200).
"""

import json
import os
import random
import time
import uuid
from typing import Any

import httpx
from common import (
    ROOT,
    Target,
    p50_ms,
    prepare_database,
    print_targets,
    project_server,
    scratch_dir,
)

SCENARIO = json.loads((ROOT / "bench" / "scenario.json").read_text())
OPS = ("get", "record", "sessie")
BOUND = 1.2
WARMUP = 10
SESSIE: dict[str, Any] = next(
    p["json"] for st in SCENARIO["steps"] for p in st.get("posts", []) if p["path"] == "sessies"
)


class Episode:
    """One episode over HTTP, keeping If-Match current across writes."""

    def __init__(self, client: httpx.Client, behandeling: dict[str, Any]) -> None:
        self.client = client
        self.behandeling = behandeling
        self.id = 0
        self.version = ""

    def call(self, method: str, path: str, expect: int, **kw: Any) -> httpx.Response:
        resp = self.client.request(method, path, **kw)
        if resp.status_code != expect:
            raise RuntimeError(f"{method} {path} -> {resp.status_code}, not {expect}: {resp.text}")
        return resp

    def write(self, method: str, path: str, body: dict[str, Any], expect: int) -> httpx.Response:
        headers = {"If-Match": self.version}
        if method == "POST":
            headers["Idempotency-Key"] = uuid.uuid4().hex
        resp = self.call(method, path, expect, json=body, headers=headers)
        # scenario: record_etag_is_episode_version, and a sessie's ETag is the episode's too
        self.version = resp.headers["etag"]
        return resp

    def create(self, ref: str) -> None:
        body = {k: v for k, v in SCENARIO["create"].items() if k != "client_ref_prefix"}
        body["client_ref"] = f"{SCENARIO['create']['client_ref_prefix']}-{ref}"
        resp = self.call("POST", "/v1/episodes", 201, json=body)
        self.id, self.version = resp.json()["id"], resp.headers["etag"]

    def drive_to(self, step: str) -> None:
        """The scenario's records and triggers up to, not including, `step`."""
        for st in SCENARIO["steps"]:
            if st["step"] == step:
                return
            self.write("PUT", f"/v1/episodes/{self.id}/records/{st['step']}", st["record"], 200)
            for post in st.get("posts", []):
                self.write("POST", f"/v1/episodes/{self.id}/{post['path']}", post["json"], 201)
            body = {"trigger": st["trigger"]}
            self.write("POST", f"/v1/episodes/{self.id}/transitions", body, 200)
        raise RuntimeError(f"scenario never reaches {step!r}")

    def get(self) -> None:
        self.version = self.call("GET", f"/v1/episodes/{self.id}", 200).headers["etag"]

    def sessie(self) -> None:
        self.write("POST", f"/v1/episodes/{self.id}/sessies", SESSIE, 201)

    def record(self) -> None:
        self.write("PUT", f"/v1/episodes/{self.id}/records/behandeling", self.behandeling, 200)


def _served_example(client: httpx.Client, step: str) -> dict[str, Any]:
    resp = client.get(f"/v1/workflows/{SCENARIO['create']['profile']}")
    resp.raise_for_status()
    form = next(s["form_schema"] for s in resp.json()["steps"] if s["name"] == step)
    example: dict[str, Any] = form["examples"][0]
    return example


def _rounds(episodes: dict[str, Episode], samples: int) -> dict[tuple[str, str], list[float]]:
    """`samples` rounds of read, record save and sessie on every episode, interleaved.

    Interleaving the young and the grown episode puts machine drift on both alike; the order
    is shuffled each round, so no periodic cost (a batched flush, a GC pass) hits one operation.
    """
    pairs = [(name, op) for name in episodes for op in OPS]
    out: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    rng = random.Random(2026)
    for _ in range(samples):
        rng.shuffle(pairs)
        for name, op in pairs:
            t0 = time.perf_counter()
            getattr(episodes[name], op)()
            out[name, op].append(time.perf_counter() - t0)
    return out


def _sessie_count(ep: Episode) -> int:
    count: int = ep.call("GET", f"/v1/episodes/{ep.id}", 200).json()["sessie_count"]
    return count


def measure(base_url: str, token: str, samples: int, sessies: int) -> list[Target]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        behandeling = _served_example(client, "behandeling")
        young, grown = Episode(client, behandeling), Episode(client, behandeling)
        for ep, ref in ((young, "growth-young"), (grown, "growth-grown")):
            ep.create(ref)
            ep.drive_to("behandeling")
        _rounds({"grown": grown}, WARMUP)  # first-request costs, on the one that grows anyway
        for _ in range(sessies - _sessie_count(grown)):
            grown.sessie()
        at = _sessie_count(grown)
        lat = _rounds({"young": young, "grown": grown}, samples)
    print(f"\ngrowth: p50 ms of {samples} interleaved samples on two episodes in behandeling")
    print(f"  {'operation':<10} {'0 sessies':>10} {f'{at} sessies':>13} {'ratio':>7}")
    targets = []
    for op in OPS:
        a, b = p50_ms(lat["young", op]), p50_ms(lat["grown", op])
        print(f"  {op:<10} {a:>10.2f} {b:>13.2f} {b / a:>7.2f}")
        targets.append(Target(f"growth: {op} p50 at {at} / at 0 sessies", b / a, BOUND, False))
    last = samples - 1  # each sample appends a sessie
    print(f"  (the windows span 0-{last} and {at}-{at + last} sessies)")
    return targets


def main() -> list[Target]:
    samples = int(os.environ.get("GROWTH_SAMPLES", "50"))
    sessies = int(os.environ.get("GROWTH_SESSIES", "200"))
    t0 = time.perf_counter()
    with scratch_dir("methodisch-growth.") as directory:
        db_url, token = prepare_database(directory)
        with project_server(db_url, directory / "server.log") as base_url:
            targets = measure(base_url, token, samples, sessies)
    print(f"  ({time.perf_counter() - t0:.1f} s in all)")
    return targets


if __name__ == "__main__":
    print_targets("growth targets", main())
