"""Email transport: the only package that talks SMTP (``smtp.py``), as ``payments/stripe/`` is
the only one that talks to Stripe. Services use it through ``services/mailer.py``."""
