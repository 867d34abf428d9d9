"""Sync tests: desks (database + gateway + engine) against the Stripe of ``stripe_env``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.sync.desk import Desk, open_desk
from tests.stripe_env import StripeEnv

DeskFactory = Callable[..., Desk]


@pytest.fixture
def desk_factory(stripe_env: StripeEnv, tmp_path: Path) -> Iterator[DeskFactory]:
    """``desk_factory("A", desk_header="A", ...)``: a desk on its own SQLite file."""
    desks: list[Desk] = []

    def make(name: str, database_url: str | None = None, **kwargs: object) -> Desk:
        url = database_url or f"sqlite:///{tmp_path / f'desk-{name}.sqlite3'}"
        desk = open_desk(name, url, stripe_env.api_base, stripe_env.secret_key,
                         **kwargs)  # type: ignore[arg-type]
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.close()
