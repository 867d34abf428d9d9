"""The client portal: an ASGI app (Starlette, Jinja2) over the same services as the desk.

``app.create_app`` builds it from ``deps.PortalDeps``; ``serve.run_portal`` is
``owl-desktop portal``. Only this package (and the sandbox) imports the web stack.
"""
