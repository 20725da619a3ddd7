"""Log records as one JSON object per line (or plain text), each carrying the request id.

The request id lives in a context variable set by `factdesk.access.RequestObserver` for the duration
of a request, so every line logged while serving it — by FactDesk, a library or the access log —
carries the same `request_id` without passing it around. `factdesk serve` installs this
configuration (`FACTDESK_LOG_FORMAT`); tests and embedders keep whatever logging they set up.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextvars import ContextVar
from enum import StrEnum
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("factdesk_request_id", default=None)

# Attributes every LogRecord has; anything else was passed with `extra=` and is emitted as a field.
_STANDARD = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
    | {"message", "asctime", "request_id", "color_message", "taskName"}
)


class LogFormat(StrEnum):
    """How `factdesk serve` writes its log lines."""

    JSON = "json"
    TEXT = "text"


class RequestIdFilter(logging.Filter):
    """Give every record a `request_id` attribute: the current request's, unless set by `extra`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: timestamp, level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time level logger [request id] message`, for a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get() or "-"
        return super().format(record)


def logging_config(fmt: LogFormat, level: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` document (uvicorn applies it in every worker): one stderr
    handler on the root logger; uvicorn's loggers propagate to it; uvicorn's own access log is
    off because `RequestObserver` writes a richer one (`factdesk.access`)."""
    formatter = {"()": JsonFormatter} if fmt is LogFormat.JSON else {"()": TextFormatter}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }
