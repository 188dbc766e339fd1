"""Structured logs: one JSON object per line, for the log collector of a deployment.

What a line may hold is decided here, once: time, level, logger, the message (our own messages
name routes, jobs and types, never values), and for an exception its type and where it was
raised. Never the exception's text: a validation error's text repeats the input it refused, and
that may be a form with clinical content. The access log (NEN 7513) lives in the database, not
here; uvicorn's own access log is off (`--no-access-log`), since a query string can hold a
client reference."""

import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            line["exception"] = exc_type.__name__
            line["where"] = [
                f"{frame.filename}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(tb)[-5:]
            ]
        return json.dumps(line, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    """Every logger of the process (ours, uvicorn's, SQLAlchemy's) through one JSON handler.
    Plain console handlers (uvicorn's defaults) give way to it; others (a test runner's
    capture, say) stay. Calling it again changes nothing."""
    root = logging.getLogger()
    keep = [h for h in root.handlers if type(h) is not logging.StreamHandler]
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        keep.append(handler)
    else:
        keep += [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
    root.handlers[:] = keep
    root.setLevel(level)
    # `transitions` reports every state change at INFO ("Finished processing state ...
    # callbacks"): two lines per transition that say nothing the event history does not, and
    # cost a formatted write on the request path.
    logging.getLogger("transitions").setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # uvicorn's access log stays off whatever the command line says: its line holds the path
    # and query string (`?client_ref=...`), and the access log that counts is in the database.
    # With no handler and no propagation, uvicorn does not even format the line.
    access = logging.getLogger("uvicorn.access")
    access.handlers[:] = []
    access.propagate = False
