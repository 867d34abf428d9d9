"""The embedded payment method entry page: its web view, page, bridge and pre-warmer.

Card and bank numbers are typed only into Stripe's fields inside this view; what crosses back to
Python is statuses, ids and Stripe's messages (see ``bridge.py``).
"""
