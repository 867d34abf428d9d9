"""Demo clients for sandbox mode: a new user sees a working app before connecting Stripe.

The names mix French and English (with accents, so accent-free search can be tried), some
clients have no email (so the "bank account needs an email" rule shows), and the addresses
cover every province and territory with postal codes that match them. Phone numbers use the
555-01xx range reserved for fiction.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.clients import Address, ClientDraft, validate_client
from owl_desktop.domain.text import fold
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

_PEOPLE: tuple[tuple[str, str, bool], ...] = (
    # first name, last name, has an email
    ("Élise", "Tremblay", True), ("François", "Côté", True), ("Amélie", "Gagnon", True),
    ("Hélène", "Bélanger", False), ("Jérôme", "Lévesque", True), ("Geneviève", "Ouellet", True),
    ("Noémie", "Bouchard", True), ("Zoé", "Pelletier", False), ("Maël", "Fortin", True),
    ("Benoît", "Leblanc", True), ("Chloé", "Gauthier", True), ("Anaïs", "Morin", True),
    ("Raphaël", "Lefebvre", False), ("Océane", "Roy", True), ("Rémi", "Thériault", True),
    ("Léa", "Beaulieu", True), ("Mathéo", "Caron", True), ("Sébastien", "Dubé", False),
    ("Josée", "Boucher", True), ("André", "Giroux", True), ("Marie-Ève", "Hébert", True),
    ("Gaëlle", "Paré", True), ("Stéphane", "Lapointe", False), ("Cédric", "Nadeau", True),
    ("Olivia", "Smith", True), ("Liam", "Brown", True), ("Emma", "Wilson", True),
    ("Noah", "MacDonald", False), ("Charlotte", "Taylor", True), ("William", "Campbell", True),
    ("Ava", "Anderson", True), ("Benjamin", "O'Brien", True), ("Sophia", "Martin", False),
    ("Lucas", "Thompson", True), ("Amelia", "White", True), ("Jack", "Stewart", True),
    ("Harper", "Robertson", True), ("Ethan", "Young", False), ("Evelyn", "Clarke", True),
    ("James", "Murray", True), ("Abigail", "Reid", True), ("Logan", "Fraser", True),
    ("Isla", "McKenzie", False), ("Owen", "Sinclair", True), ("Nora", "Chen", True),
    ("Arjun", "Patel", True), ("Sienna", "Nguyen", True), ("Mateo", "García", True),
    ("Siobhán", "Kelly", True), ("Björn", "Larsen", False),
)

# (line 1, city, province, postal code, area code): every province and territory, postal and
# area codes matching each city.
_ADDRESSES: tuple[tuple[str, str, str, str, str], ...] = (
    ("1200 rue Sainte-Catherine Ouest", "Montréal", "QC", "H3B 1K9", "514"),
    ("45 rue Saint-Jean", "Québec", "QC", "G1R 1N4", "418"),
    ("180 boulevard de l'Hôpital", "Gatineau", "QC", "J8T 8J1", "819"),
    ("250 Front Street West", "Toronto", "ON", "M5V 3G5", "416"),
    ("110 Laurier Avenue West", "Ottawa", "ON", "K1P 1J1", "613"),
    ("71 Main Street West", "Hamilton", "ON", "L8P 4R5", "905"),
    ("300 Dufferin Avenue", "London", "ON", "N6B 1Z2", "519"),
    ("200 Brady Street", "Sudbury", "ON", "P3A 5P3", "705"),
    ("800 Robson Street", "Vancouver", "BC", "V6Z 3B7", "604"),
    ("1 Centennial Square", "Victoria", "BC", "V8W 1P6", "250"),
    ("800 Macleod Trail SE", "Calgary", "AB", "T2G 2M3", "403"),
    ("1 Sir Winston Churchill Square", "Edmonton", "AB", "T5J 2R7", "780"),
    ("2476 Victoria Avenue", "Regina", "SK", "S4P 3C8", "306"),
    ("222 3rd Avenue North", "Saskatoon", "SK", "S7K 0J5", "306"),
    ("510 Main Street", "Winnipeg", "MB", "R3B 1B9", "204"),
    ("655 rue Main", "Moncton", "NB", "E1C 1E8", "506"),
    ("397 Queen Street", "Fredericton", "NB", "E3B 1B5", "506"),
    ("1841 Argyle Street", "Halifax", "NS", "B3J 3A5", "902"),
    ("199 Queen Street", "Charlottetown", "PE", "C1A 4B7", "902"),
    ("10 New Gower Street", "St. John's", "NL", "A1C 5M2", "709"),
    ("2121 2nd Avenue", "Whitehorse", "YT", "Y1A 1C2", "867"),
    ("4807 52nd Street", "Yellowknife", "NT", "X1A 2N5", "867"),
    ("901 Nunavut Drive", "Iqaluit", "NU", "X0A 0H0", "867"),
)

_DOMAINS = ("example.ca", "example.com", "example.org")

# Demo clients get fixed creation times, one second apart in table order (and are added in
# that order to an empty database, so they get ids 1, 2, ...). Their Stripe reference
# (``services.customers.client_ref``: id + creation time) is then the same in every sandbox
# database, so two sandbox desks on one sandbox recognise each other's customers for the
# same demo person. A real clinic's clients are created at real times, never at these
# instants (the odd microseconds mark them), so their references never meet these.
DEMO_EPOCH = datetime(2020, 1, 1, 9, 0, 0, 424_242, tzinfo=UTC)


def demo_created_at(index: int) -> datetime:
    """When the demo client at ``index`` of the table was "created" (fixed, see above)."""
    return DEMO_EPOCH + timedelta(seconds=index)


def _email_local(first: str, last: str) -> str:
    local = f"{fold(first)}.{fold(last)}"
    return "".join(ch for ch in local if ch.isalnum() or ch in ".-")


def demo_drafts() -> list[ClientDraft]:
    """The demo clients, normalized and valid (a test checks each one)."""
    drafts: list[ClientDraft] = []
    for index, (first, last, has_email) in enumerate(_PEOPLE):
        line1, city, province, postal, area = _ADDRESSES[index % len(_ADDRESSES)]
        email = f"{_email_local(first, last)}@{_DOMAINS[index % len(_DOMAINS)]}" if has_email \
            else ""
        phone = f"{area} 555-01{index % 100:02d}"
        line2 = f"App. {100 + index}" if index % 5 == 0 else ""
        drafts.append(ClientDraft(first, last, email, phone,
                                  Address(line1, line2, city, province, postal)).normalized())
    return drafts


def seed_demo_clients(uow_factory: UnitOfWorkFactory, clock: Clock = utc_now) -> int:
    """Add the demo clients when the database has no client at all; returns how many were added.

    Seeding only an empty database means a trainee's own clients are never mixed with (or
    duplicated by) demo ones on the next start. Each client is added in table order with its
    fixed creation time (``demo_created_at``), so every sandbox database gets the same
    references for the same people. ``clock`` is kept for callers; the times don't use it.
    """
    drafts = demo_drafts()
    for draft in drafts:
        errors = validate_client(draft)
        if errors:  # a bug in the table above; refuse rather than store bad data
            raise ValueError(f"invalid demo client {draft.first_name} {draft.last_name}: {errors}")
    with uow_factory() as uow:
        if uow.clients.count() > 0:
            return 0
        for index, draft in enumerate(drafts):
            uow.clients.add(draft, demo_created_at(index))
        uow.commit()
    log.info("sandbox: seeded %d demo clients", len(drafts))
    return len(drafts)
