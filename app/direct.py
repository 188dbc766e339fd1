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
range, a known step, headers within their declared length, and a query string whose every
parameter is known, given once, and in its plainest spelling (`limit=50`, `waiting=true`, a
listed value, a string within its length). Anything else, including every request FastAPI would
refuse with 422, goes on to FastAPI and is answered exactly as before. So each route still has
one implementation, and its OpenAPI is FastAPI's.
"""

import re
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Union, cast, get_args, get_origin
from urllib.parse import parse_qsl

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


_INT = re.compile(r"0|-?[1-9][0-9]{0,18}")
_NOT_READ = object()  # a spelling the dispatcher leaves to FastAPI
Reader = Callable[[str], Any]


def _reader(annotation: Any, metadata: list[Any]) -> Reader | None:
    """How to read a query value of this type in its plainest spelling (`_NOT_READ` for any
    other), or None when the type is not one the dispatcher reads at all."""
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        if len(inner) != 1:
            return None
        annotation = inner[0]
    low: int | None = next((cast(int, m.ge) for m in metadata if isinstance(m, Ge)), None)
    high: int | None = next((cast(int, m.le) for m in metadata if isinstance(m, Le)), None)
    longest = next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)
    if any(not isinstance(m, Ge | Le | MaxLen) for m in metadata):
        return None
    if annotation is int and longest is None:

        def number(text: str) -> Any:
            if not _INT.fullmatch(text):
                return _NOT_READ
            value = int(text)
            if (low is not None and value < low) or (high is not None and value > high):
                return _NOT_READ
            return value

        return number
    if annotation is str and low is None and high is None:
        return lambda text: (
            text if text and (longest is None or len(text) <= longest) else _NOT_READ
        )
    if annotation is bool and not metadata:
        return lambda text: {"true": True, "false": False}.get(text, _NOT_READ)
    if get_origin(annotation) is Literal and not metadata:
        allowed = get_args(annotation)
        if all(isinstance(a, str) for a in allowed):
            return lambda text: text if text in allowed else _NOT_READ
    return None


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
    query: Mapping[str, tuple[str, Reader]] | None  # by name in the URL; None: no query string

    def arguments(self, path: re.Match[str], request: Request) -> dict[str, Any] | None:
        """The route's arguments but the caller; None where FastAPI should answer."""
        values = dict(self.defaults)
        if request.scope["query_string"]:
            if self.query is None:
                return None
            given = parse_qsl(
                request.scope["query_string"].decode("latin-1"), keep_blank_values=True
            )
            if len({key for key, _ in given}) != len(given):
                return None  # a parameter given twice
            for key, text in given:
                param, read = self.query.get(key, ("", None))
                value = _NOT_READ if read is None else read(text)
                if value is _NOT_READ:
                    return None
                values[param] = value
        for name, text in zip(self.path_params, path.groups(), strict=True):
            if name == "episode_id":
                number = int(text)
                if number > DB_INT_MAX:
                    return None
                values[name] = number
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
        query=_query_readers(d.query_params),
    )


def _query_readers(fields: list[Any]) -> dict[str, tuple[str, Reader]] | None:
    """Per name in the URL: the parameter it sets and how to read it; None when one of them is
    a type the dispatcher does not read (then only a request without a query string is taken)."""
    readers = {}
    for f in fields:
        read = _reader(f.field_info.annotation, f.field_info.metadata)
        if read is None:
            return None
        readers[f.alias] = (f.name, read)
    return readers


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
        # Behind a proxy's root path, FastAPI answers.
        if scope["type"] == "http" and not scope.get("root_path"):
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
