"""The episode routes, which carry nearly all traffic, dispatched without FastAPI's route
matching and dependency solving.

Measured in-process, FastAPI spent about as long finding an episode route and solving its
parameters (the bearer token, the path, the headers, each through pydantic) as the route spent
on its own work: load, rules, write, access-log row and commit (README, "Benchmark"). This
dispatcher sits where FastAPI's router sits, inside the exception handlers and every
middleware, and calls the *same* route function with the *same* arguments, resolved the same
way: the caller by `current_principal`, the headers by their declared names, the path
parameters to the same values. It reads what each route takes from FastAPI's own analysis of
it (`route.dependant`), so a parameter added to a route is either understood here or keeps
that route with FastAPI.

It takes a request only when every parameter is plainly valid: an id of canonical digits in
range, a known step, no query string, headers within their declared length. Anything else,
including every request FastAPI would refuse with 422, goes on to FastAPI and is answered
exactly as before. So each route still has one implementation, and its OpenAPI is FastAPI's.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Le, MaxLen
from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from app.limits import DB_INT_MAX
from app.practices.auth import current_principal, signed_in
from workflows.steps import STEPS, Step

# The path parameters the dispatcher parses: the pattern of their valid values, and the type
# and bounds the route must declare for that pattern to be the whole of its validation. An id
# is canonical digits only ("007", "+7" and " 7" go to FastAPI, which reads them its own way);
# its upper bound is checked after the match.
_PATH_PARAMS: dict[str, tuple[str, Any, list[Any]]] = {
    "episode_id": (r"([1-9][0-9]{0,9})", int, [Ge(1), Le(DB_INT_MAX)]),
    "step": ("(" + "|".join(STEPS) + ")", Step, []),
}


@dataclass(frozen=True)
class _Header:
    param: str
    name: str  # lower case, as ASGI gives header names
    max_length: int | None


@dataclass(frozen=True)
class _Direct:
    """How to call one route directly."""

    route: APIRoute
    pattern: re.Pattern[str]
    path_params: tuple[str, ...]
    headers: tuple[_Header, ...]
    principal: str  # the parameter that takes the caller
    defaults: Mapping[str, Any]  # the query parameters, as they are without a query string

    def arguments(self, path: re.Match[str], request: Request) -> dict[str, Any] | None:
        """The route's arguments but the caller; None where FastAPI should answer."""
        values = dict(self.defaults)
        for name, text in zip(self.path_params, path.groups(), strict=True):
            if name == "episode_id":
                if int(text) > DB_INT_MAX:
                    return None
                values[name] = int(text)
            else:
                values[name] = text
        for header in self.headers:
            value = request.headers.get(header.name)
            if (
                value is not None
                and header.max_length is not None
                and len(value) > header.max_length
            ):
                return None
            values[header.param] = value
        return values


def _plan(route: APIRoute) -> _Direct | None:
    """How to call `route` directly, or None when it takes anything the dispatcher does not
    resolve (a body model, a cookie, another dependency): it stays with FastAPI."""
    d = route.dependant
    path_params = tuple(re.findall(r"{(\w+)}", route.path_format))
    declared = {f.name: (f.field_info.annotation, f.field_info.metadata) for f in d.path_params}
    if (
        any(name not in _PATH_PARAMS for name in path_params)
        or declared != {name: _PATH_PARAMS[name][1:] for name in path_params}
        # headers: plain strings (read by the name FastAPI reads them by, `alias`)
        or any(f.field_info.annotation != str | None for f in d.header_params)
        # query parameters: each has a default, taken when there is no query string
        or any(f.field_info.is_required() or f.field_info.default_factory for f in d.query_params)
        or d.body_params
        or d.cookie_params
        or d.request_param_name != "request"
        or d.response_param_name
        or d.background_tasks_param_name
        or [dep.call for dep in d.dependencies] != [current_principal]
        or route.dependencies
    ):
        return None
    if route.endpoint.__annotations__.get("return") is not Response:
        return None  # FastAPI serialises what the others return
    headers = tuple(
        _Header(
            f.name,
            f.alias.lower(),
            next((m.max_length for m in f.field_info.metadata if isinstance(m, MaxLen)), None),
        )
        for f in d.header_params
    )
    regex = re.escape(route.path_format)
    for name in path_params:
        regex = regex.replace(re.escape("{" + name + "}"), _PATH_PARAMS[name][0])
    return _Direct(
        route=route,
        pattern=re.compile(regex),
        path_params=path_params,
        headers=headers,
        principal=str(d.dependencies[0].name),
        defaults={f.name: f.field_info.default for f in d.query_params},
    )


class DirectRoutes:
    """ASGI, in the place of FastAPI's router (`app`): the routes it can call directly are
    called so, every other request goes on to `app`."""

    def __init__(self, app: ASGIApp, routes: Iterable[Any]) -> None:
        self.app = app
        self.by_method: dict[str, list[_Direct]] = {}
        for route in routes:
            plan = _plan(route) if isinstance(route, APIRoute) else None
            if plan is not None:
                for method in route.methods:
                    self.by_method.setdefault(method, []).append(plan)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Behind a proxy's root path, or with a query string, FastAPI answers.
        if scope["type"] == "http" and not scope["query_string"] and not scope.get("root_path"):
            for plan in self.by_method.get(scope["method"], ()):
                if (match := plan.pattern.fullmatch(scope["path"])) is not None:
                    request = Request(scope, receive, send)
                    if (values := plan.arguments(match, request)) is not None:
                        await self._call(plan, values, request, send)
                        return
                    break
        await self.app(scope, receive, send)

    @staticmethod
    async def _call(plan: _Direct, values: dict[str, Any], request: Request, send: Send) -> None:
        scope = request.scope
        # What FastAPI's routing leaves in the scope: the access log and the metrics read the
        # route's template from it.
        scope["route"] = plan.route
        scope["endpoint"] = plan.route.endpoint
        scope["path_params"] = {name: str(values[name]) for name in plan.path_params}
        values[plan.principal] = await signed_in(request)
        response = await plan.route.endpoint(request=request, **values)
        await response(scope, request.receive, send)
