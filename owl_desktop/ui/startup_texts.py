"""Sentences of start-up and database failures, for translation.

``store/`` (``db.py``, ``db_errors.py``, ``sqlite_file.py``), ``logs.py`` and ``config.py``
raise them as ``UserFacingError``s; ``ui/messages.error_texts`` translates them in the
"UserFacingError" context (a sentence with ``{placeholders}`` is translated, then filled).
Listed here so ``pyside6-lupdate`` extracts them; ``tests/gui/test_startup_failures.py``
checks that every sentence those modules raise is here (or in ``ui/messages.py``).
"""

from __future__ import annotations

from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

STARTUP_SENTENCES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database must be upgraded, but it couldn't be backed up first to "
                      "{backups}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Check that this folder can be written and that the disk isn't full, then"
                      " start Owl Desktop again. The database wasn't changed."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Owl Desktop doesn't work with this kind of database: {kind}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "It works with SQLite and PostgreSQL. Point OWL_DATABASE_URL at one, like"
                      " postgresql+psycopg://user@server/owl, then start Owl Desktop again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "This database was last used by a newer version of Owl Desktop."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Install that version (or a later one) on this computer; this one can't "
                      "use the database safely and didn't change it."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database driver in OWL_DATABASE_URL isn't part of Owl Desktop: "
                      "{driver}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Write OWL_DATABASE_URL with the driver Owl Desktop comes with, like "
                      "postgresql+psycopg://user@server/owl, then start Owl Desktop again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "OWL_DATABASE_URL isn't a database address Owl Desktop understands."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Write OWL_DATABASE_URL like postgresql+psycopg://user@server/owl or "
                      "sqlite:///C:/Clinic/owl.sqlite3, or remove it to use the database in Owl"
                      " Desktop's data folder; then start Owl Desktop again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The disk holding the database is full."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Free some space on that disk (or ask whoever runs the database server "
                      "to), then try again. What you were doing wasn't saved."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database file is damaged."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Owl Desktop didn't change it. Quit Owl Desktop and restore the newest "
                      "backup from the “backups” folder in Owl Desktop's data folder (see "
                      "“Restoring a backup” in the guide), or ask whoever looks after the "
                      "clinic's computers."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database server refused the user name or password."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Check the user name and password in OWL_DATABASE_URL with whoever runs "
                      "the clinic's database server, then start Owl Desktop again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database server has no database by the name in OWL_DATABASE_URL."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Check the name at the end of OWL_DATABASE_URL; whoever runs the clinic's"
                      " database server can tell you the right one (or create it)."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database refused this action."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Nothing was saved. Try again; if it happens again, the log has the "
                      "details for whoever looks after the clinic's computers."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The computer couldn't read or write the database file."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Check that the disk holding it is connected and working, then start Owl "
                      "Desktop again. If it keeps happening, ask whoever looks after the "
                      "clinic's computers to check the disk."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database server reports damaged data."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Ask whoever runs the clinic's database server to check it and restore "
                      "its backup if needed."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "This change clashes with what is already saved (another desk may have "
                      "made the same change at the same time)."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Nothing was saved. Reopen the client to see what is saved now, then try "
                      "again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database refused a value in this change: text too long, or "
                      "characters it can't store."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Nothing was saved. Check the fields for unusual characters or very long "
                      "text, then try again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database server doesn't allow Owl Desktop's user to do this."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Whoever runs the clinic's database server must give the user in "
                      "OWL_DATABASE_URL full access to Owl Desktop's database."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database file {path} is empty."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Owl Desktop didn't change it. If Owl Desktop was used on this computer "
                      "before, quit it and copy the newest backup from {backups} over the empty"
                      " file. If it was never used here, delete the empty file and start Owl "
                      "Desktop again: it makes a new database."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database file {path} is damaged: it isn't a whole Owl Desktop "
                      "database."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Owl Desktop didn't change it. Quit Owl Desktop, move the damaged file "
                      "elsewhere (keep it) with the files beside it whose names end in -wal or "
                      "-shm, copy the newest backup from {backups} to {path}, then start Owl "
                      "Desktop again (see “Restoring a backup” in the guide)."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The database file can't be created in {folder}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Check that this folder exists (or can be made) and that you may write to"
                      " it, or set OWL_DATABASE_URL to another place; then start Owl Desktop "
                      "again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Owl Desktop can't write to its data folder: {folder}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Check that the folder exists (or can be made) and that you may write to "
                      "it, or choose another folder with OWL_DATA_DIR; then start Owl Desktop "
                      "again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "The disk holding Owl Desktop's data folder is full: {folder}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Free some space on that disk, then start Owl Desktop again."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "{name} must be an https:// address (plain http:// is only allowed for "
                      "127.0.0.1, localhost or ::1); it is set to {value}."),
    QT_TRANSLATE_NOOP("UserFacingError",
                      "Fix or unset {name} and start Owl Desktop again."),
)
