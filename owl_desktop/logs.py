"""Logging: a rotating file in the data dir, stderr when asked. Never secrets (see redaction)."""

from __future__ import annotations

import errno
import logging
import logging.handlers
from pathlib import Path

from owl_desktop import redaction
from owl_desktop.errors import DataFolderError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_NAME = "owl-desktop.log"


def start_logging(data_dir: Path, log_dir: Path, *, to_stderr: bool = False,
                  debug: bool = False) -> tuple[Path | None, DataFolderError | None]:
    """``setup_logging``, and if the log file can't be written (the data folder is read-only,
    not a folder, on a full disk): no log file, stderr only when asked (never Python's
    last-resort handler, which would print tracebacks), and the error to show the user."""
    try:
        return setup_logging(log_dir, to_stderr=to_stderr, debug=debug), None
    except OSError as error:
        root = logging.getLogger()
        root.setLevel(logging.DEBUG if debug else logging.INFO)
        handler: logging.Handler = logging.StreamHandler() if to_stderr else logging.NullHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        redaction.install(handler)
        root.addHandler(handler)
        logging.getLogger(__name__).error("no log file in %s: %s", log_dir, error)
        return None, data_folder_error(data_dir, error)


def data_folder_error(folder: Path, error: OSError) -> DataFolderError:
    detail = f"{type(error).__name__}: errno {error.errno}"
    if error.errno == errno.ENOSPC:
        return DataFolderError(
            "The disk holding Owl Desktop's data folder is full: {folder}.",
            hint="Free some space on that disk, then start Owl Desktop again.",
            detail=detail, params={"folder": str(folder)})
    return DataFolderError(
        "Owl Desktop can't write to its data folder: {folder}.",
        hint="Check that the folder exists (or can be made) and that you may write to it, or "
             "choose another folder with OWL_DATA_DIR; then start Owl Desktop again.",
        detail=detail, params={"folder": str(folder)})


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
