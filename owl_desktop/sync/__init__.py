"""Keeping the local cache and Stripe in step, off the UI thread and without Qt.

- ``outbox``: sends queued local changes to Stripe in order, per client.
- ``pull``: reads Stripe's events after a cursor and reconciles what they name.
- ``reconcile``: makes one client's cached methods and default equal to Stripe's.
- ``online``: online/offline state from call outcomes.
- ``metered``: a gateway wrapper that counts, throttles and reports outcomes.
- ``engine``: ``SyncEngine.run_once()`` ties these together; ``ui/sync/controller.py`` runs it.
"""
