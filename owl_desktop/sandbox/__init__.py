"""Local Stripe double: a stateful HTTP API shaped like Stripe's, plus a Stripe.js double at /v3/.

Used by the tests (in-process, free port) and by the app's ``--sandbox`` mode (state kept in a JSON
file). Start it with :class:`owl_desktop.sandbox.server.SandboxServer`.
"""
