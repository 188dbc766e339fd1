"""The benchmark's scenario is a real, valid episode: the bench measures the happy path."""

import json
from pathlib import Path

from api_tests.support import Api

SCENARIO = json.loads((Path(__file__).parent.parent / "bench" / "scenario.json").read_text())


def test_bench_scenario_drives_an_episode_to_its_final_status(api: Api) -> None:
    create = {k: v for k, v in SCENARIO["create"].items() if k != "client_ref_prefix"}
    ep = api.create_episode(**create)
    for step in SCENARIO["steps"]:
        assert api.status(ep) == step["step"]
        api.record(ep, step["step"], step["record"])
        for post in step.get("posts", []):
            r = api.http.post(
                f"/v1/episodes/{ep}/{post['path']}",
                json=post["json"],
                headers={"If-Match": api.etags[ep]},
            )
            assert r.status_code == 201, r.text
            api.etags[ep] = r.headers["etag"]
        api.fire(ep, step["trigger"])
    assert api.status(ep) == SCENARIO["final_status"]
