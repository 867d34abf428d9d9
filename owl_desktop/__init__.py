"""Owl Desktop: the clinic front desk's payment methods on file, through Stripe."""

__version__ = "0.1.0"
APP_NAME = "Owl Desktop"
APP_ID = "owl-desktop"
