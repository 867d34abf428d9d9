"""Clients: the search panel and its list model, the client form, and the profile page with
its Contact & Clinic tab and the section contract other features plug into.
"""
