"""Logging: a rotating file in the data dir, stderr when asked. Never secrets (see redaction)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from owl_desktop import redaction

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_NAME = "owl-desktop.log"


def setup_logging(log_dir: Path, *, to_stderr: bool = False, debug: bool = False) -> Path:
    """Install the app's handlers on the root logger; returns the log file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    formatter = logging.Formatter(LOG_FORMAT)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                             encoding="utf-8"),
    ]
    if to_stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        redaction.install(handler)  # masks keys and client secrets in every record
        root.addHandler(handler)
    # Libraries are chatty at INFO; their warnings still come through.
    for noisy in ("stripe", "urllib3", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
