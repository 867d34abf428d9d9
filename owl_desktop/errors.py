"""Errors whose text is safe to show to clinic staff.

Anything raised as a ``UserFacingError`` carries a sentence written for people (already in
the user's language, or a translatable source string) and never secrets, card numbers or
raw tracebacks. Everything else is a bug: it is logged in full and shown as a generic message.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose message may be shown as is.

    ``message`` is the sentence for staff; ``hint`` says what to do next; ``detail`` is for the
    log only (request ids, codes) and must itself be free of secrets. ``params`` fill
    ``{name}`` placeholders of both (a path, a user name): ``message`` and ``hint`` are the
    filled English texts, ``message_source`` and ``hint_source`` the sentences translators see.
    ``amounts`` names the placeholders that are money, as (minor units, currency): a front-end
    writes those in its user's language ($65.00, 65,00 $) instead of the English ``params``.
    """

    def __init__(self, message: str, *, hint: str = "", detail: str = "",
                 params: dict[str, str] | None = None,
                 amounts: dict[str, tuple[int, str]] | None = None) -> None:
        self.params = dict(params or {})
        self.amounts = dict(amounts or {})
        self.message_source = message
        self.hint_source = hint
        self.message = fill(message, self.params)
        self.hint = fill(hint, self.params)
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def fill(text: str, params: dict[str, str]) -> str:
    """``text`` with its ``{name}`` placeholders replaced (no other formatting is done, so a
    brace in a value or a sentence is harmless)."""
    for name, value in params.items():
        text = text.replace("{" + name + "}", value)
    return text


class UserCancelled(Exception):  # noqa: N818 - a signal, not a failure
    """The user backed out of an action; nothing to report."""


class DatabaseError(UserFacingError):
    """The local database can't be used right now."""


class DatabaseLockedError(DatabaseError):
    """Another program holds a lock on the database."""


class DatabaseUnavailableError(DatabaseError):
    """The database server can't be reached or the file can't be opened."""


class DatabaseSettingError(DatabaseError):
    """``OWL_DATABASE_URL`` names a database the app can't use: not a URL, a kind of database
    or driver it doesn't support, a user or database the server doesn't know."""


class DatabaseDamagedError(DatabaseError):
    """The SQLite file is damaged (empty, truncated, not a database): it is left untouched."""


class DatabaseTooNewError(DatabaseError):
    """The database was upgraded by a newer version of the app than this one."""


class DatabaseFullError(DatabaseError):
    """The disk holding the database (or the server's) is full."""


class DatabaseRefusedError(DatabaseError):
    """The database refused a change (a constraint, a value it can't store, a permission);
    nothing of it was saved."""


class DataFolderError(UserFacingError):
    """The data folder (logs, the SQLite database, backups) can't be created or written."""


class NotFoundError(UserFacingError):
    """A record asked for doesn't exist (any more)."""


class ValidationFailed(UserFacingError):  # noqa: N818 - reads as a sentence
    """A form was rejected; ``field_errors`` maps field names to error codes."""

    def __init__(self, field_errors: dict[str, str]) -> None:
        super().__init__("Some fields need attention.")
        self.field_errors = dict(field_errors)


class SlotTakenError(UserFacingError):
    """Someone else booked (or is holding) that time first. ``next_slots`` are the next free
    start instants for the same practitioner and service, for the UI to offer."""

    def __init__(self, next_slots: tuple[object, ...] = (), *, hint: str = "",
                 params: dict[str, str] | None = None) -> None:
        super().__init__("This time was just booked by someone else.",
                         hint=hint or "Choose another time.", detail="slot_taken",
                         params=params)
        self.next_slots = next_slots
