"""The portal's words in English and French, kept with the portal (the desk's Qt catalogs are
for the desk). One dict per language with the same keys (a test checks); a missing key falls
back to English rather than showing a key.

The language is the one the client chose (a cookie), else the browser's first supported one
(``Accept-Language``), else English.
"""

from __future__ import annotations

from owl_desktop.portal import words_billing, words_booking, words_mail, words_refunds

LANGUAGES = ("en", "fr")
LANG_COOKIE = "owl_lang"

EN: dict[str, str] = {
    "portal_title": "Client portal",
    "skip": "Skip to the content",
    "language": "Language",
    "switch_to": "Français",
    "sign_in_title": "Sign in",
    "email": "Email",
    "password": "Password",
    "confirm": "Password again",
    "sign_in": "Sign in",
    "forgot": "Forgot your password?",
    "forgot_text": "Ask the clinic for a new link: staff can send or show you one to set a "
                   "new password.",
    "back_to_sign_in": "Back to sign in",
    "demo_hint": "Sandbox: every demo client with an email signs in with the password",
    "sign_in_refused": "The email or password is wrong. Check both, or use the link the "
                       "clinic sent you.",
    "too_many_attempts": "Too many sign-in attempts. Wait 15 minutes, then try again.",
    "required": "Required.",
    "signed_out": "You are signed out.",
    "session_ended": "Your session ended. Please sign in again.",
    "set_password_title": "Choose your password",
    "set_password_intro": "Hello {name}. Choose a password for {email}; you will sign in "
                          "with it.",
    "password_rules": "At least 10 characters. A few unrelated words make a good one.",
    "save_password": "Save the password",
    "password_saved": "Your password is saved. You can sign in now.",
    "too_short": "Use at least 10 characters.",
    "too_long": "Use at most 200 characters.",
    "too_common": "This password is too easy to guess.",
    "too_personal": "Don't use your name or email in the password.",
    "mismatch": "The two passwords are not the same.",
    "invitation_invalid": "This link can't be used any more (it was used already, has "
                          "expired, or access was withdrawn). Ask the clinic for a new link.",
    "account_title": "My account",
    "sign_out": "Sign out",
    "contact": "Contact details",
    "name": "Name",
    "phone": "Phone",
    "address": "Address",
    "contact_change": "To change these details, contact the clinic.",
    "methods": "Payment methods",
    "no_methods": "No payment method on file yet.",
    "default": "Default",
    "pending_verification": "Pending verification",
    "expired": "Expired",
    "expires_soon": "Expires soon",
    "expires": "Expires {date}",
    "make_default": "Make default",
    "make_default_of": "Make {method} the default",
    "bank_account": "Bank account",
    "card": "Card",
    "removal_note": "To remove a payment method, contact the clinic.",
    "add_method": "Add payment method",
    "add_card": "Credit card",
    "add_bank": "Bank account",
    "choose_kind": "What would you like to add?",
    "name_on_card": "Name on the card",
    "account_holder": "Account holder's name",
    "card_number": "Card number",
    "expiry": "Expiry",
    "cvc": "Security code",
    "postal_code": "Postal code",
    "bank_explanation": "Stripe's window asks for your bank (log in, or enter the "
                        "institution, transit and account numbers) and shows the "
                        "pre-authorized debit agreement to accept.",
    "save": "Save",
    "continue": "Continue",
    "cancel": "Cancel",
    "working": "Working…",
    "added": "The payment method is saved.",
    "added_pending": "The bank account is saved and awaits verification: two small deposits "
                     "will appear in your account in 1–2 business days; the clinic will "
                     "confirm them.",
    "default_set": "Your default payment method is changed.",
    "default_queued": "Your choice is saved here, but Stripe (the payment processor) can't "
                      "be reached right now; it will be sent to Stripe automatically.",
    "method_not_usable": "This payment method can't be the default: it is expired or awaiting "
                         "verification.",
    "stripe_unreachable": "Stripe (the payment processor) can't be reached right now. Nothing "
                          "was changed; please try again in a few minutes.",
    "stripe_not_connected": "Adding a payment method isn't available right now. Please "
                            "contact the clinic.",
    "stripe_js_missing": "The secure card form could not be loaded. Check your connection "
                         "and reload the page.",
    "bank_needs_email": "A bank account needs an email address on file; contact the clinic.",
    "setup_failed": "The payment method was not saved.",
    "setup_cancelled": "Adding the payment method was cancelled.",
    "database_unavailable": "The clinic's system can't be reached right now. Please try "
                            "again in a few minutes.",
    "not_found": "This page doesn't exist.",
    "forbidden": "This form has expired. Reload the page and try again.",
    "error": "Something went wrong. Please try again.",
    "duplicate_card_title": "This card is already on file",
    "duplicate_bank_title": "This bank account is already on file",
    "duplicate_card_text": "{new} was saved, but you already have this card on file with the "
                           "same expiry date ({on_file}). Keep only the one on file? It keeps "
                           "its default status; the card just added is removed.",
    "duplicate_bank_text": "{new} was saved, but you already have this bank account on file "
                           "({on_file}). Keep only the one on file? It keeps its default "
                           "status and its debit agreement; the account just added is "
                           "removed.",
    "keep_existing": "Keep only the one on file",
    "keep_both": "Keep both",
    "duplicate_removed": "Done: only the payment method already on file is kept.",
    "not_a_duplicate": "The payment method on file is no longer there, so the new one was "
                       "kept.",
}

FR: dict[str, str] = {
    "portal_title": "Portail client",
    "skip": "Aller au contenu",
    "language": "Langue",
    "switch_to": "English",
    "sign_in_title": "Connexion",
    "email": "Courriel",
    "password": "Mot de passe",
    "confirm": "Mot de passe (encore)",
    "sign_in": "Se connecter",
    "forgot": "Mot de passe oublié ?",
    "forgot_text": "Demandez un nouveau lien à la clinique : le personnel peut vous l’envoyer "
                   "ou vous le montrer pour choisir un nouveau mot de passe.",
    "back_to_sign_in": "Retour à la connexion",
    "demo_hint": "Bac à sable : chaque client de démonstration ayant un courriel se connecte "
                 "avec le mot de passe",
    "sign_in_refused": "Le courriel ou le mot de passe est erroné. Vérifiez les deux, ou "
                       "utilisez le lien envoyé par la clinique.",
    "too_many_attempts": "Trop de tentatives de connexion. Attendez 15 minutes, puis "
                         "réessayez.",
    "required": "Obligatoire.",
    "signed_out": "Vous êtes déconnecté.",
    "session_ended": "Votre session a pris fin. Veuillez vous reconnecter.",
    "set_password_title": "Choisissez votre mot de passe",
    "set_password_intro": "Bonjour {name}. Choisissez un mot de passe pour {email} ; vous vous "
                          "connecterez avec celui-ci.",
    "password_rules": "Au moins 10 caractères. Quelques mots sans lien entre eux font un bon "
                      "mot de passe.",
    "save_password": "Enregistrer le mot de passe",
    "password_saved": "Votre mot de passe est enregistré. Vous pouvez vous connecter.",
    "too_short": "Utilisez au moins 10 caractères.",
    "too_long": "Utilisez au plus 200 caractères.",
    "too_common": "Ce mot de passe est trop facile à deviner.",
    "too_personal": "N’utilisez pas votre nom ni votre courriel dans le mot de passe.",
    "mismatch": "Les deux mots de passe ne sont pas identiques.",
    "invitation_invalid": "Ce lien ne peut plus être utilisé (déjà utilisé, expiré, ou accès "
                          "retiré). Demandez un nouveau lien à la clinique.",
    "account_title": "Mon compte",
    "sign_out": "Se déconnecter",
    "contact": "Coordonnées",
    "name": "Nom",
    "phone": "Téléphone",
    "address": "Adresse",
    "contact_change": "Pour modifier ces renseignements, communiquez avec la clinique.",
    "methods": "Modes de paiement",
    "no_methods": "Aucun mode de paiement au dossier pour l’instant.",
    "default": "Par défaut",
    "pending_verification": "Vérification en attente",
    "expired": "Expirée",
    "expires_soon": "Expire bientôt",
    "expires": "Expire {date}",
    "make_default": "Choisir par défaut",
    "make_default_of": "Choisir {method} par défaut",
    "bank_account": "Compte bancaire",
    "card": "Carte",
    "removal_note": "Pour retirer un mode de paiement, communiquez avec la clinique.",
    "add_method": "Ajouter un mode de paiement",
    "add_card": "Carte de crédit",
    "add_bank": "Compte bancaire",
    "choose_kind": "Que voulez-vous ajouter ?",
    "name_on_card": "Nom sur la carte",
    "account_holder": "Nom du titulaire du compte",
    "card_number": "Numéro de carte",
    "expiry": "Expiration",
    "cvc": "Code de sécurité",
    "postal_code": "Code postal",
    "bank_explanation": "La fenêtre de Stripe demande votre banque (connexion, ou numéros "
                        "d’institution, de transit et de compte) et présente l’accord de "
                        "débit préautorisé à accepter.",
    "save": "Enregistrer",
    "continue": "Continuer",
    "cancel": "Annuler",
    "working": "Un instant…",
    "added": "Le mode de paiement est enregistré.",
    "added_pending": "Le compte bancaire est enregistré et attend sa vérification : deux "
                     "petits dépôts paraîtront dans votre compte d’ici 1 à 2 jours ouvrables ; "
                     "la clinique les confirmera.",
    "default_set": "Votre mode de paiement par défaut est changé.",
    "default_queued": "Votre choix est enregistré ici, mais Stripe (le service de paiement) "
                      "est injoignable pour l’instant ; il lui sera transmis automatiquement.",
    "method_not_usable": "Ce mode de paiement ne peut pas être celui par défaut : il est "
                         "expiré ou en attente de vérification.",
    "stripe_unreachable": "Stripe (le service de paiement) est injoignable pour l’instant. "
                          "Rien n’a été modifié ; réessayez dans quelques minutes.",
    "stripe_not_connected": "L’ajout d’un mode de paiement n’est pas offert pour l’instant. "
                            "Communiquez avec la clinique.",
    "stripe_js_missing": "Le formulaire de carte sécurisé n’a pas pu être chargé. Vérifiez "
                         "votre connexion et rechargez la page.",
    "bank_needs_email": "Un compte bancaire exige un courriel au dossier ; communiquez avec "
                        "la clinique.",
    "setup_failed": "Le mode de paiement n’a pas été enregistré.",
    "setup_cancelled": "L’ajout du mode de paiement a été annulé.",
    "database_unavailable": "Le système de la clinique est injoignable pour l’instant. "
                            "Réessayez dans quelques minutes.",
    "not_found": "Cette page n’existe pas.",
    "forbidden": "Ce formulaire a expiré. Rechargez la page et réessayez.",
    "error": "Une erreur s’est produite. Veuillez réessayer.",
    "duplicate_card_title": "Cette carte est déjà au dossier",
    "duplicate_bank_title": "Ce compte bancaire est déjà au dossier",
    "duplicate_card_text": "{new} a été enregistrée, mais vous avez déjà cette carte au "
                           "dossier avec la même date d’expiration ({on_file}). Garder "
                           "seulement celle au dossier ? Elle garde son statut par défaut ; la "
                           "carte qui vient d’être ajoutée est retirée.",
    "duplicate_bank_text": "{new} a été enregistré, mais vous avez déjà ce compte bancaire au "
                           "dossier ({on_file}). Garder seulement celui au dossier ? Il garde "
                           "son statut par défaut et son accord de prélèvement ; le compte qui "
                           "vient d’être ajouté est retiré.",
    "keep_existing": "Garder seulement celui au dossier",
    "keep_both": "Garder les deux",
    "duplicate_removed": "C’est fait : seul le mode de paiement déjà au dossier est gardé.",
    "not_a_duplicate": "Le mode de paiement au dossier n’y est plus ; le nouveau a donc été "
                       "gardé.",
}

EN.update(words_booking.EN), FR.update(words_booking.FR)  # the Book tab (issue 15)
# *Forgot your password?* and the reset page (issue 13).
EN.update(words_mail.EN)
FR.update(words_mail.FR)
EN.update(words_billing.EN), FR.update(words_billing.FR)  # the Billing tab (issue 17)
EN.update(words_refunds.EN), FR.update(words_refunds.FR)  # a refund that failed (issue 17)
TEXTS: dict[str, dict[str, str]] = {"en": EN, "fr": FR}


def text(language: str, key: str, **values: str) -> str:
    words = TEXTS.get(language, EN).get(key) or EN.get(key, key)
    return words.format(**values) if values else words


def choose_language(cookie: str | None, accept_language: str) -> str:
    """The client's choice, else the browser's first supported language, else English."""
    if cookie in LANGUAGES:
        return cookie
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()[:2]))
    for _q, _i, primary in sorted(ranked):
        if primary in LANGUAGES:
            return primary
    return "en"
