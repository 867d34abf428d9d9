"""Every card and bank account number the entry tests type, and the scan that looks for them.

A number may be written in several shapes (grouped by the field, stripped by an API), so each is
searched with and without spaces and dashes.
"""

from __future__ import annotations

import re
from pathlib import Path

from owl_desktop.sandbox import testdata

CARD_VISA = "4242424242424242"
CARD_INVALID_LUHN = "4242424242424241"
CARD_AMEX = "378282246310005"
CARD_DECLINED = "4000000000000002"
CARD_3DS = "4000002500003155"
BANK_INSTITUTION = "000"
BANK_TRANSIT = "11000"
BANK_ACCOUNT = "000123456789"

# Transit and institution numbers name a branch, not an account: they may be kept (DESIGN.md),
# so only account and card numbers are forbidden: the ones typed here, and every test card and
# test bank account the sandbox knows (other suites type those).
FORBIDDEN: tuple[str, ...] = tuple(sorted({
    CARD_VISA, CARD_INVALID_LUHN, CARD_AMEX, CARD_DECLINED, CARD_3DS, BANK_ACCOUNT,
    *testdata.CARDS, *testdata.PAD_ACCOUNTS,
}))


def _pattern(number: str) -> re.Pattern[bytes]:
    separator = rb"[ \-]?"
    return re.compile(separator.join(re.escape(d.encode()) for d in number))


_PATTERNS = [(n, _pattern(n)) for n in FORBIDDEN]


def find_numbers(root: Path) -> list[str]:
    """``path: number`` for every forbidden number found in any file under ``root``."""
    hits: list[str] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits.extend(f"{path}: {number}" for number, pattern in _PATTERNS if pattern.search(data))
    return hits


def assert_no_numbers_in(root: Path) -> None:
    hits = find_numbers(root)
    assert not hits, "card or account numbers were written to disk:\n" + "\n".join(hits)
