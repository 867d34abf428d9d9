"""Billing at the desk: Settings → Payments and the profile's *Billing* tab."""
