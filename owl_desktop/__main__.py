"""``python -m owl_desktop`` and the ``owl-desktop`` console script."""

from __future__ import annotations

import sys


def main() -> int:
    from owl_desktop.app import run

    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
