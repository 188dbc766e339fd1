"""A server that does nothing: the driver's own floor, not a peer and not the product.

It answers the routes of bench/scenario.json with a fixed small body and an ETag, so the only
cost left in a run is the load driver's (and the kernel's). At C=8 the shared driver is
CPU-bound against any fast server; this app shows what p99 the driver itself produces then.
"""

from fastapi import FastAPI, Request, Response

app = FastAPI()
_ETAG = {"ETag": '"1"'}
_EPISODE = b'{"id": 1, "version": 1, "status": "afgesloten"}'


@app.post("/v1/episodes")
async def create(request: Request) -> Response:
    await request.body()
    return Response(_EPISODE, status_code=201, media_type="application/json", headers=_ETAG)


@app.put("/v1/episodes/{episode_id}/records/{step}")
async def record(episode_id: int, step: str, request: Request) -> Response:
    await request.body()
    return Response(b'{"episode_version": 1}', media_type="application/json", headers=_ETAG)


@app.post("/v1/episodes/{episode_id}/{what}")
async def post(episode_id: int, what: str, request: Request) -> Response:
    await request.body()
    return Response(_EPISODE, media_type="application/json", headers=_ETAG)


@app.get("/v1/episodes/{episode_id}")
async def get(episode_id: int) -> Response:
    return Response(_EPISODE, media_type="application/json", headers=_ETAG)


@app.get("/v1/episodes/{episode_id}/events")
async def events(episode_id: int) -> Response:
    return Response(b'{"items": [], "next_cursor": null}', media_type="application/json")
