"""The web client asks the server whether it is a demonstration server before it offers to fill
a form with fictional example text: a real server says no."""

import httpx

from app.testing import World


def test_a_real_server_is_no_demonstration_server(http: httpx.Client, world: World) -> None:
    r = http.get("/v1/about")
    assert r.status_code == 200
    assert r.json() == {"name": "methodisch", "version": "0.1.0", "demo_mode": False}
    assert http.get("/v1/about", headers={"Authorization": ""}).status_code == 401
