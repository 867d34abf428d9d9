"""Settings, declared once: environment variables, command-line flags and defaults.

Paths come from platformdirs so each OS gets its conventional locations. Secrets are never
settings: the Stripe secret key lives in the OS keyring only (see ``secrets.py``).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from owl_desktop import APP_ID, __version__
from owl_desktop.errors import UserFacingError

DEFAULT_STRIPE_API_BASE = "https://api.stripe.com"
DEFAULT_STRIPE_JS_URL = "https://js.stripe.com/v3/"
SUPPORTED_LANGUAGES = ("en", "fr")
# Hosts that never leave this computer: the sandbox (a Stripe double) may use plain http there.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class ConfigError(UserFacingError):
    """A setting has a value the app refuses to run with (said at start-up, before anything)."""


@dataclass(frozen=True)
class Setting:
    """One configuration entry: where it comes from and what it means (for --help and README)."""

    env: str
    help: str
    default: str


SETTINGS: tuple[Setting, ...] = (
    Setting("OWL_DATABASE_URL", "SQLAlchemy database URL", "SQLite file in the data dir"),
    Setting("OWL_DATA_DIR", "where the database, logs and sandbox state live",
            "platformdirs user data dir"),
    Setting("OWL_STRIPE_API_BASE", "Stripe API base URL (https://; http:// only on a loopback "
            "host)", DEFAULT_STRIPE_API_BASE),
    Setting("OWL_STRIPE_JS_URL", "Stripe.js URL for the entry page (https://; http:// only on a "
            "loopback host)", DEFAULT_STRIPE_JS_URL),
    Setting("OWL_ENTRY_PAGE_URL", "hosted HTTPS copy of the payment method entry page, for "
            "clinics whose Stripe live mode refuses the embedded page", "the embedded page"),
    Setting("OWL_LANG", "UI language (en or fr); the system language when unset", "system"),
    Setting("OWL_DESK", "this desk's name in the audit trail (and to the sandbox)",
            "the computer's name"),
)


@dataclass(frozen=True)
class Config:
    """Everything the composition root needs to build the app. Immutable once read."""

    data_dir: Path
    database_url: str
    stripe_api_base: str = DEFAULT_STRIPE_API_BASE
    stripe_js_url: str = DEFAULT_STRIPE_JS_URL
    # Empty: the entry page is embedded (setHtml); else an https:// URL of a hosted copy.
    entry_page_url: str = ""
    sandbox: bool = False
    smoke_test: bool = False
    language: str | None = None
    log_to_stderr: bool = False
    debug: bool = False
    # This workstation's name in the audit trail. Per machine, never in the (possibly shared)
    # database: several desks may point at one PostgreSQL server.
    desk_name: str = ""
    # What to run: "desk" (the window, the default) or a headless command (COMMANDS).
    command: str = "desk"
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def backup_dir(self) -> Path:
        """Where the rolling backups of an SQLite database go (``store/backups.py``)."""
        return self.data_dir / "backups"

    @property
    def sandbox_state_dir(self) -> Path:
        return self.data_dir / "sandbox"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _https_url_or_empty(url: str) -> str:
    """Only an https:// page may hold Stripe's fields: any other value is ignored and the
    embedded page is used."""
    url = url.strip()
    return url if url.lower().startswith("https://") else ""


def is_loopback_host(host: str) -> bool:
    """127.0.0.1, localhost or ::1 (what the sandbox binds to)."""
    return host.lower().rstrip(".") in LOOPBACK_HOSTS


def check_stripe_url(name: str, value: str) -> str:
    """``value`` if Stripe may be reached there safely, else ``ConfigError``.

    The API base receives the secret key on every request and the Stripe.js URL decides what
    code runs next to the card fields, so both must be https://. The only exception is a
    loopback host over http (the built-in sandbox or another local Stripe double), whose
    traffic never leaves this computer.
    """
    url = value.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError for a port that isn't a number
    except ValueError:
        host = ""
        parts = urlsplit("")
    scheme = parts.scheme.lower()
    if host and not parts.username and not parts.password and (
            scheme == "https" or (scheme == "http" and is_loopback_host(host))):
        return url
    raise ConfigError(
        "{name} must be an https:// address (plain http:// is only allowed for 127.0.0.1, "
        "localhost or ::1); it is set to {value}.",
        hint="Fix or unset {name} and start Owl Desktop again.",
        params={"name": name, "value": repr(url)})


def app_version() -> str:
    """The installed distribution's version (its metadata is copied into the frozen bundle);
    the package's own ``__version__`` when running from a tree that was never installed.
    (``importlib.metadata`` is imported here only: it costs tens of milliseconds at start.)"""
    import importlib.metadata

    try:
        return importlib.metadata.version(APP_ID)
    except importlib.metadata.PackageNotFoundError:
        return __version__


class _PrintVersion(argparse.Action):
    """``--version``: ``owl-desktop <version>`` on stdout, exit 0. The version is looked up
    only when asked for, so a normal start pays nothing for it."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                         nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"{APP_ID} {app_version()}")
        parser.exit(0)


# Commands after the program name; the desk (the window) when none is given. Headless
# commands take the Stripe secret from OWL_STRIPE_SECRET_KEY_FILE or OWL_STRIPE_SECRET_KEY.
COMMANDS: dict[str, str] = {
    "desk": "the front-desk window (the default)",
    "sync": "one sync with Stripe (send waiting changes, pull Stripe's), then exit: for a "
            "server's scheduler",
    "portal": "serve the client portal (behind an HTTPS reverse proxy; docs/portal.md)",
    "autopay": "run autopay now (every open invoice of enrolled clients charged to their "
               "default method), or with --if-due only when the nightly run is due: for a "
               "server's scheduler",
    "copy-database": "copy this database (the desk's SQLite) into a new, empty PostgreSQL "
                     "database, verify it, and say what to point the desks at",
    "reset-admin-passphrase": "clear a forgotten clinic administrator's passphrase (recorded "
                              "in the administrator's history); the next refund or change to "
                              "Settings → Payments at a desk sets a new one",
}


def split_command(argv: Sequence[str]) -> tuple[str, list[str]]:
    """(command, its arguments): a first argument naming a command picks it."""
    if argv and argv[0] in COMMANDS:
        return argv[0], list(argv[1:])
    return "desk", list(argv)


def build_parser(command: str = "desk") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="owl-desktop" if command == "desk" else f"owl-desktop {command}",
        description="Owl Desktop: clients' payment methods on file, through Stripe. "
                    "Commands: " + "; ".join(f"{name}: {text}"
                                             for name, text in COMMANDS.items()) + ".",
        epilog="Environment: " + "; ".join(f"{s.env}: {s.help}" for s in SETTINGS),
    )
    parser.add_argument("--version", action=_PrintVersion, help="print the version and exit")
    parser.add_argument("--sandbox", action="store_true",
                        help="run against the built-in Stripe double with demo data")
    if command == "desk":
        parser.add_argument("--smoke-test", action="store_true",
                            help="start, open the main window and the entry view, run one "
                                 "sync, exit 0")
        parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES,
                            help="UI language (default: the system language)")
    if command == "portal":
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default 127.0.0.1: behind a proxy)")
        parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
        parser.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                            help="reverse proxies whose X-Forwarded-For/-Proto are trusted")
    if command == "autopay":
        parser.add_argument("--if-due", action="store_true",
                            help="run only when the nightly run is due (clinic's hour, time "
                                 "zone; a missed night once): call it every few minutes")
    if command == "copy-database":
        parser.add_argument("--to", required=True, metavar="URL",
                            help="the new, empty database, like postgresql+psycopg://owl@"
                                 "db.clinic.lan/owl (its password from ~/.pgpass or "
                                 "PGPASSWORD, not the URL)")
    if command == "reset-admin-passphrase":
        parser.add_argument("--yes", action="store_true",
                            help="reset without asking for confirmation (for scripts)")
    parser.add_argument("--data-dir", type=Path, help="overrides OWL_DATA_DIR")
    parser.add_argument("--database-url", help="overrides OWL_DATABASE_URL")
    parser.add_argument("--log-stderr", action="store_true", help="also log to stderr")
    parser.add_argument("--debug", action="store_true", help="log at debug level")
    return parser


def load_config(argv: Sequence[str] | None = None,
                environ: Mapping[str, str] | None = None, *, check_urls: bool = True) -> Config:
    """Read the command line and the environment; the command line wins.

    A Stripe URL that could leak the key raises ``ConfigError`` (the program shows it and
    exits non-zero); ``check_urls=False`` reads the rest anyway, to say so in the right
    language and log it in the right place."""
    env = os.environ if environ is None else environ
    command, rest = split_command(list(argv) if argv is not None else sys.argv[1:])
    args = build_parser(command).parse_args(rest)
    smoke_test = bool(getattr(args, "smoke_test", False))
    data_dir = args.data_dir or Path(env.get("OWL_DATA_DIR") or default_data_dir())
    data_dir = data_dir.expanduser()
    if args.sandbox:
        # Sandbox data never mixes with a real clinic's data.
        data_dir = data_dir / "sandbox-mode"
    database_url = args.database_url or env.get("OWL_DATABASE_URL") or ""
    if not database_url or (args.sandbox and not args.database_url):
        database_url = sqlite_url(data_dir / "owl.sqlite3")
    stripe_api_base = env.get("OWL_STRIPE_API_BASE") or DEFAULT_STRIPE_API_BASE
    stripe_js_url = env.get("OWL_STRIPE_JS_URL") or DEFAULT_STRIPE_JS_URL
    if check_urls:
        # Refused before anything starts, rather than send the secret key somewhere unsafe.
        stripe_api_base = check_stripe_url("OWL_STRIPE_API_BASE", stripe_api_base)
        stripe_js_url = check_stripe_url("OWL_STRIPE_JS_URL", stripe_js_url)
    language = getattr(args, "lang", None) or (env.get("OWL_LANG") or None)
    if language is not None and language not in SUPPORTED_LANGUAGES:
        language = None
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        stripe_api_base=stripe_api_base,
        stripe_js_url=stripe_js_url,
        entry_page_url=_https_url_or_empty(env.get("OWL_ENTRY_PAGE_URL") or ""),
        sandbox=args.sandbox,
        smoke_test=smoke_test,
        language=language,
        log_to_stderr=args.log_stderr or smoke_test,
        debug=args.debug,
        desk_name=(env.get("OWL_DESK") or "").strip() or socket.gethostname() or "desk",
        command=command,
        extra={name: str(getattr(args, name)) for name in ("host", "port",
                                                           "forwarded_allow_ips", "if_due", "to",
                                                           "yes")
               if hasattr(args, name)},
    )
