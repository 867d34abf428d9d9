"""Autopay at the desk: run now, failed payments, refunds, the administrator's passphrase."""
