"""A log line is JSON and never carries what an exception says (it may repeat form input)."""

import json
import logging

from pydantic import BaseModel, ValidationError

from app.logs import JsonFormatter


class Hulpvraag(BaseModel):
    hulpvraag: int


def test_an_exception_is_logged_by_type_and_place_never_by_its_text() -> None:
    try:
        Hulpvraag.model_validate({"hulpvraag": "Weer fietsen naar het werk zonder pijn"})
    except ValidationError:
        record = logging.LogRecord(
            "methodisch.test", logging.ERROR, __file__, 1, "upkeep job %s failed", ("x",), None
        )
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "error" and line["message"] == "upkeep job x failed"
    assert line["exception"] == "ValidationError"
    assert any("test_logs.py" in where for where in line["where"])
    assert "fietsen" not in json.dumps(line)


def test_configuring_twice_leaves_one_json_handler_and_keeps_a_capture() -> None:
    from app.logs import configure

    root = logging.getLogger()
    before = list(root.handlers)
    capture = logging.NullHandler()
    root.addHandler(capture)
    try:
        configure()
        configure()
        json_handlers = [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
        assert len(json_handlers) == 1
        assert capture in root.handlers
    finally:
        root.handlers[:] = before


def test_uvicorns_access_log_stays_off_it_would_log_query_strings() -> None:
    """A line like `GET /v1/episodes?client_ref=...` must never reach the process log; uvicorn's
    own loggers (startup, errors) still do, as JSON."""
    from app.logs import configure

    root = logging.getLogger()
    before = list(root.handlers)
    access = logging.getLogger("uvicorn.access")
    access.propagate = True  # as uvicorn leaves it when started without --no-access-log
    try:
        configure()
        assert not access.hasHandlers()  # uvicorn asks exactly this before it logs a request
        error = logging.getLogger("uvicorn.error")
        assert error.hasHandlers() and error.propagate
    finally:
        root.handlers[:] = before
