"""The core both front-ends (the desk, the portal) and the sync share: use-case steps that
need the store and Stripe together (customers, setup outcomes, the audit trail writer), and the
factory that builds one Stripe connection's parts. Qt-free and web-framework-free; ``services/``
and ``sync/`` import it, never each other."""
