"""Receipts: one PDF per payment, in English or French, made without Qt (the portal serves the
same bytes the desk prints or saves).

What insurers ask clients for: the clinic's name, address and GST/HST number (where it has
one), the client, the practitioner and their registration number, the service and its date,
the amount, and how it was paid (a card's brand and last 4, a bank's, cash, cheque...).

The texts are this module's own catalogue (the desk's Qt catalogue isn't reachable without
Qt): ``TEXTS[language][key]``, whole sentences with named placeholders. The font is DejaVu
Sans, bundled under ``resources/fonts`` (every French accent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from owl_desktop.domain.billing import InvoiceKind, PaymentMethodKind, PaymentStatus
from owl_desktop.domain.clients import Client
from owl_desktop.domain.payment_methods import BRAND_NAMES
from owl_desktop.errors import UserFacingError
from owl_desktop.resources import resource_dir
from owl_desktop.services.payment_settings import read_payment_settings
from owl_desktop.services.portal_settings import SETTING_CLINIC_CONTACT, SETTING_CLINIC_NAME
from owl_desktop.store.uow import UnitOfWork

LANGUAGES = ("en", "fr")
NBSP = "\u00a0"
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Receipt", "number": "Receipt no. {number}", "issued": "Issued {date}",
        "tax": "GST/HST no. {number}", "client": "Client", "practitioner": "Practitioner",
        "registration": "Registration no. {number}", "service": "Service",
        "service_date": "Date of service", "invoice": "Invoice", "amount": "Amount paid",
        "paid_on": "Paid on", "method": "Payment method", "thanks": "Thank you.",
        "no_show": "No-show fee: {service}", "late_cancellation":
            "Late cancellation fee: {service}",
        "card": "{brand} card ending in {last4}",
        "pad": "Pre-authorized debit, {bank} account ending in {last4}",
        "cash": "Cash", "cheque": "Cheque", "cheque_ref": "Cheque no. {reference}",
        "e_transfer": "Interac e-Transfer", "e_transfer_ref": "Interac e-Transfer ({reference})",
        "bank": "bank",
    },
    "fr": {
        "title": "Reçu", "number": f"Reçu n°{NBSP}{{number}}", "issued": "Émis le {date}",
        "tax": f"N°{NBSP}de TPS/TVH{NBSP}: {{number}}", "client": "Client",
        "practitioner": "Praticien·ne", "registration": f"N°{NBSP}de permis{NBSP}: {{number}}",
        "service": "Service", "service_date": "Date du service", "invoice": "Facture",
        "amount": "Montant payé", "paid_on": "Payé le", "method": "Mode de paiement",
        "thanks": "Merci.",
        "no_show": f"Frais d’absence{NBSP}: {{service}}",
        "late_cancellation": f"Frais d’annulation tardive{NBSP}: {{service}}",
        "card": "Carte {brand} se terminant par {last4}",
        "pad": "Débit préautorisé, compte {bank} se terminant par {last4}",
        "cash": "Comptant", "cheque": "Chèque", "cheque_ref": f"Chèque n°{NBSP}{{reference}}",
        "e_transfer": "Virement Interac", "e_transfer_ref": "Virement Interac ({reference})",
        "bank": "bancaire",
    },
}


def text(language: str, key: str, **params: str) -> str:
    found = TEXTS[language if language in TEXTS else "en"][key]
    for name, value in params.items():
        found = found.replace("{" + name + "}", value)
    return found


def money(cents: int, currency: str, language: str) -> str:
    """$1,234.50 in English; 1 234,50 $ in French (Canadian dollars)."""
    whole, part = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    symbol = "$" if currency.upper() in ("CAD", "USD") else currency.upper()
    if language == "fr":
        grouped = f"{whole:,}".replace(",", NBSP)
        return f"{sign}{grouped},{part:02d}{NBSP}{symbol}"
    return f"{sign}{symbol}{whole:,}.{part:02d}"


def long_date(day: date, language: str) -> str:
    month = MONTHS["fr" if language == "fr" else "en"][day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


@dataclass(frozen=True)
class Receipt:
    """Everything printed, already in the receipt's language."""

    language: str
    number: str
    issued_on: date
    clinic_name: str
    clinic_address: str
    clinic_contact: str
    tax_number: str
    client_name: str
    client_address: str
    practitioner_name: str
    registration_number: str
    service: str
    service_date: date
    invoice_number: str
    amount_cents: int
    currency: str
    method: str
    paid_on: date

    @property
    def filename(self) -> str:
        return f"{'recu' if self.language == 'fr' else 'receipt'}-{self.number}.pdf"


def receipt_for(uow: UnitOfWork, payment_id: int, language: str, zone: ZoneInfo,
                today: date) -> Receipt:
    """The receipt of a succeeded payment; raises ``UserFacingError`` for any other."""
    payment = uow.payments.get(payment_id)
    if payment.status is not PaymentStatus.SUCCEEDED:
        raise UserFacingError("Only a payment that went through has a receipt.",
                              hint="A bank debit has one once it has settled.")
    invoice = uow.invoices.get(payment.invoice_id)
    client: Client = uow.clients.get(payment.client_id)
    settings = read_payment_settings(uow.settings.get)
    practitioner_name = registration = ""
    if invoice.practitioner_id is not None:
        practitioner = uow.practitioners.get(invoice.practitioner_id)
        practitioner_name, registration = practitioner.name, practitioner.registration_number
    service = invoice.description
    if invoice.service_id is not None and invoice.kind is not InvoiceKind.MANUAL:
        found = uow.service_catalog.get(invoice.service_id)
        service = found.name_fr if language == "fr" else found.name_en
    if invoice.kind in (InvoiceKind.NO_SHOW, InvoiceKind.LATE_CANCELLATION):
        service = text(language, invoice.kind.value, service=service)
    settled = payment.settled_at or payment.created_at
    return Receipt(
        language=language, number=payment.uuid[:8].upper(), issued_on=today,
        clinic_name=uow.settings.get(SETTING_CLINIC_NAME) or "",
        clinic_address=settings.clinic_address,
        clinic_contact=uow.settings.get(SETTING_CLINIC_CONTACT) or "",
        tax_number=settings.tax_number, client_name=client.full_name,
        client_address=client.address.one_line(), practitioner_name=practitioner_name,
        registration_number=registration,
        service=service, service_date=invoice.service_date, invoice_number=invoice.number,
        amount_cents=payment.amount_cents, currency=payment.currency,
        method=method_text(payment.method, payment.brand, payment.last4, payment.reference,
                           language),
        paid_on=settled.astimezone(zone).date())


def method_text(method: PaymentMethodKind, brand: str, last4: str, reference: str,
                language: str) -> str:
    if method is PaymentMethodKind.CARD:
        # Stripe's brand ("visa") as people write it ("Visa").
        return text(language, "card", brand=BRAND_NAMES.get(brand, brand), last4=last4)
    if method is PaymentMethodKind.PAD:
        return text(language, "pad", bank=brand or text(language, "bank"), last4=last4)
    if method is PaymentMethodKind.CHEQUE:
        return text(language, "cheque_ref", reference=reference) if reference else \
            text(language, "cheque")
    if method is PaymentMethodKind.E_TRANSFER:
        return text(language, "e_transfer_ref", reference=reference) if reference else \
            text(language, "e_transfer")
    return text(language, "cash")


def render_pdf(receipt: Receipt) -> bytes:
    """The receipt as a one-page PDF (Letter), its text extractable (insurers' portals read
    it). fpdf2 is imported here, not at start-up: a few hundred milliseconds the desk's
    start doesn't need (issue 18)."""
    from fpdf import FPDF

    lang = receipt.language
    fonts = resource_dir("fonts")
    pdf = FPDF(format="Letter", unit="mm")
    pdf.set_title(f"{text(lang, 'title')} {receipt.number}")
    pdf.set_creator("Owl Desktop")
    pdf.set_lang("fr-CA" if lang == "fr" else "en-CA")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 8, receipt.clinic_name or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in [*receipt.clinic_address.splitlines(), *receipt.clinic_contact.splitlines()]:
        pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")
    if receipt.tax_number:
        pdf.multi_cell(width, 5, text(lang, "tax", number=receipt.tax_number),
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(width / 2, 8, text(lang, "title"))
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(width / 2, 8, text(lang, "number", number=receipt.number), align="R",
             new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 5, text(lang, "issued", date=long_date(receipt.issued_on, lang)),
             align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    rows = [
        (text(lang, "client"), "\n".join(filter(None, (receipt.client_name,
                                                      receipt.client_address)))),
        (text(lang, "practitioner"), "\n".join(filter(None, (
            receipt.practitioner_name,
            text(lang, "registration", number=receipt.registration_number)
            if receipt.registration_number else "")))),
        (text(lang, "service"), receipt.service),
        (text(lang, "service_date"), long_date(receipt.service_date, lang)),
        (text(lang, "invoice"), receipt.invoice_number),
        (text(lang, "paid_on"), long_date(receipt.paid_on, lang)),
        (text(lang, "method"), receipt.method),
        (text(lang, "amount"), money(receipt.amount_cents, receipt.currency, lang)),
    ]
    label_width = width * 0.32
    for label, value in rows:
        if not value:
            continue
        bold = label == text(lang, "amount")
        pdf.set_font("DejaVu", "B", 10)
        top = pdf.get_y()
        pdf.multi_cell(label_width, 6, label, new_x="RIGHT", new_y="TOP")
        pdf.set_font("DejaVu", "B" if bold else "", 12 if bold else 10)
        pdf.multi_cell(width - label_width, 6, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + 6) + 1.5)
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(width, 6, text(lang, "thanks"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
