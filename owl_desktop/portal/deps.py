"""What the portal's routes use, handed to ``create_app`` (so tests can build an app over any
database and Stripe without a server)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.templating import Jinja2Templates

from owl_desktop.services.booking import BookingService
from owl_desktop.services.client_billing import ClientBillingService
from owl_desktop.services.payment_confirmation import PaymentConfirmationService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.services.portal_settings import PortalSettings


@dataclass
class PortalDeps:
    accounts: PortalAccountService
    # The connected account's payment methods service; raises ``StripeNotConnected``.
    payment_methods: Callable[[], PaymentMethodService]
    # The connected account's publishable key ("" when not connected): pages need it.
    publishable_key: Callable[[], str]
    stripe_js_url: str
    templates: Jinja2Templates
    sandbox: bool = False
    # Sandbox mode only: shown on the sign-in page (every demo client has it).
    demo_password: str = ""
    # The clinic's name and contact for the pages (Settings → Online portal at the desk).
    clinic: Callable[[], PortalSettings] = field(default=PortalSettings)
    # Online booking (the Book tab, issue 15); None: the tab says booking isn't available.
    booking: BookingService | None = None
    # Mails about access (reset links) and the mailer (``mail.mailer``, e.g. for booking
    # confirmations); None: no mail, *Forgot your password?* says to ask the clinic.
    mail: PortalMailService | None = None
    # The Billing tab (issue 17); None: it says invoices aren't available here.
    billing: ClientBillingService | None = None
    # Payments the client confirms here (their bank asked them to authenticate); None: the
    # Billing tab offers no confirmation and the confirm page says it isn't available.
    confirmations: PaymentConfirmationService | None = None
