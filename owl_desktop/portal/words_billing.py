"""The portal's words for the *Billing* tab (issue 17), in English and French, merged into
the catalogue by ``i18n.py`` (same keys in both; a test checks)."""

from __future__ import annotations

EN: dict[str, str] = {
    "billing_tab": "Billing",
    "billing_title": "Billing",
    "balance_due": "Balance due: {amount}",
    "nothing_due": "You owe nothing.",
    "invoices_title": "Invoices",
    "no_invoices": "No invoices yet.",
    "invoice_number": "Invoice",
    "invoice_date": "Date",
    "invoice_description": "Description",
    "invoice_amount": "Amount",
    "invoice_status": "Status",
    "status_open": "Open",
    "status_paid": "Paid",
    "status_void": "Void",
    "status_processing": "Processing",
    "payments_title": "Payments",
    "no_payments": "No payments yet.",
    "payment_date": "Date",
    "payment_amount": "Amount",
    "payment_method": "Paid with",
    "payment_for": "For invoice",
    "payment_failed": "Didn't go through",
    "payment_processing": "Processing",
    "refunded": "Refunded {amount} on {date}",
    "refund_pending": "Refund of {amount} under way",
    "receipt": "Receipt",
    "download_receipt": "Download the receipt",
    "download_receipt_of": "Download the receipt of {amount} paid on {date}",
    "billing_unavailable": "Your invoices aren't available here right now. Please contact "
                           "the clinic.",
    "awaiting_title": "Payments to confirm",
    "awaiting_intro": "Your bank asks you to confirm these card payments before they go "
                      "through.",
    "awaiting_line": "Invoice {number}: {amount}, {method}",
    "confirm_payment_of": "Confirm the payment of {amount} for invoice {number}",
    "confirm_title": "Confirm a payment",
    "confirm_heading": "Your bank asks you to confirm this payment",
    "confirm_intro": "We tried to charge your card for this invoice, and your bank wants you "
                     "to confirm the payment yourself (3-D Secure).",
    "confirm_card": "Card",
    "confirm_help": "Your bank's window opens: follow its steps. The payment is made once, "
                    "never twice.",
    "confirm_button": "Confirm payment",
    "confirm_paid": "Thank you: the payment is confirmed and the invoice is paid.",
    "confirm_not_confirmed": "The payment wasn't confirmed: your bank's check failed or was "
                             "closed. You can try again, or add another card in My account.",
    "confirm_declined": "Your bank declined the card. Add another card in My account and "
                        "make it your default: the clinic will charge it.",
    "confirm_processing": "The payment is being processed.",
    "confirm_already_paid": "This invoice is paid: there is nothing to confirm.",
    "confirm_not_awaiting": "This payment doesn't need your confirmation any more. Your "
                            "Billing tab shows what is due.",
    "confirm_use_other_card": "Add another card",
    "confirm_back": "Back to Billing",
}

FR: dict[str, str] = {
    "billing_tab": "Facturation",
    "billing_title": "Facturation",
    "balance_due": "Solde dû\u00a0: {amount}",
    "nothing_due": "Vous ne devez rien.",
    "invoices_title": "Factures",
    "no_invoices": "Aucune facture pour l’instant.",
    "invoice_number": "Facture",
    "invoice_date": "Date",
    "invoice_description": "Description",
    "invoice_amount": "Montant",
    "invoice_status": "Statut",
    "status_open": "À payer",
    "status_paid": "Payée",
    "status_void": "Annulée",
    "status_processing": "En traitement",
    "payments_title": "Paiements",
    "no_payments": "Aucun paiement pour l’instant.",
    "payment_date": "Date",
    "payment_amount": "Montant",
    "payment_method": "Payé par",
    "payment_for": "Pour la facture",
    "payment_failed": "N’a pas été accepté",
    "payment_processing": "En traitement",
    "refunded": "Remboursé {amount} le {date}",
    "refund_pending": "Remboursement de {amount} en cours",
    "receipt": "Reçu",
    "download_receipt": "Télécharger le reçu",
    "download_receipt_of": "Télécharger le reçu de {amount} payé le {date}",
    "billing_unavailable": "Vos factures ne sont pas disponibles ici pour l’instant. "
                           "Veuillez communiquer avec la clinique.",
    "awaiting_title": "Paiements à confirmer",
    "awaiting_intro": "Votre banque vous demande de confirmer ces paiements par carte avant "
                      "qu’ils soient acceptés.",
    "awaiting_line": "Facture {number}\u00a0: {amount}, {method}",
    "confirm_payment_of": "Confirmer le paiement de {amount} pour la facture {number}",
    "confirm_title": "Confirmer un paiement",
    "confirm_heading": "Votre banque vous demande de confirmer ce paiement",
    "confirm_intro": "Nous avons tenté de porter cette facture à votre carte, et votre banque "
                     "veut que vous confirmiez vous-même le paiement (3-D Secure).",
    "confirm_card": "Carte",
    "confirm_help": "La fenêtre de votre banque s’ouvre\u00a0: suivez ses étapes. Le paiement "
                    "est fait une fois, jamais deux.",
    "confirm_button": "Confirmer le paiement",
    "confirm_paid": "Merci\u00a0: le paiement est confirmé et la facture est payée.",
    "confirm_not_confirmed": "Le paiement n’a pas été confirmé\u00a0: la vérification de votre "
                             "banque a échoué ou a été fermée. Vous pouvez réessayer, ou "
                             "ajouter une autre carte dans Mon compte.",
    "confirm_declined": "Votre banque a refusé la carte. Ajoutez une autre carte dans Mon "
                        "compte et choisissez-la par défaut\u00a0: la clinique la débitera.",
    "confirm_processing": "Le paiement est en traitement.",
    "confirm_already_paid": "Cette facture est payée\u00a0: il n’y a rien à confirmer.",
    "confirm_not_awaiting": "Ce paiement n’a plus besoin de votre confirmation. Votre onglet "
                            "Facturation indique ce qui est dû.",
    "confirm_use_other_card": "Ajouter une autre carte",
    "confirm_back": "Retour à la facturation",
}
