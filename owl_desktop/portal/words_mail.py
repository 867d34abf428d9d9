"""The portal's words for *Forgot your password?* and the reset page, in English and French,
merged into the catalogue by ``i18n.py`` (same keys in both; a test checks)."""

from __future__ import annotations

EN: dict[str, str] = {
    "forgot_title": "Forgot your password?",
    "forgot_intro": "Enter the email address you sign in with. We will email you a link to "
                    "choose a new password.",
    "send_reset_link": "Email me a link",
    "forgot_sent": "If a portal account uses this address, a link to choose a new password "
                   "is on its way. It works once, within {minutes} minutes. Nothing "
                   "arrived? Check your spam folder, or ask the clinic.",
    "too_many_resets": "Too many requests for a new password. Wait an hour, then try again.",
    "reset_title": "Choose a new password",
    "reset_intro": "Hello {name}. Choose a new password for {email}. You will be signed out "
                   "everywhere else.",
    "new_password": "New password",
    "reset_invalid": "This link can't be used any more (it was used already or has "
                     "expired). Ask for a new one on the sign-in page.",
}

FR: dict[str, str] = {
    "forgot_title": "Mot de passe oublié ?",
    "forgot_intro": "Entrez l’adresse courriel avec laquelle vous vous connectez. Nous vous "
                    "enverrons un lien pour choisir un nouveau mot de passe.",
    "send_reset_link": "M’envoyer un lien",
    "forgot_sent": "Si un compte du portail utilise cette adresse, un lien pour choisir un "
                   "nouveau mot de passe est en route. Il fonctionne une seule fois, dans "
                   "les {minutes} minutes. Rien reçu ? Vérifiez vos courriels indésirables, "
                   "ou demandez à la clinique.",
    "too_many_resets": "Trop de demandes de nouveau mot de passe. Attendez une heure, puis "
                       "réessayez.",
    "reset_title": "Choisissez un nouveau mot de passe",
    "reset_intro": "Bonjour {name}. Choisissez un nouveau mot de passe pour {email}. Vous "
                   "serez déconnecté partout ailleurs.",
    "new_password": "Nouveau mot de passe",
    "reset_invalid": "Ce lien ne peut plus être utilisé (déjà utilisé ou expiré). Demandez-en "
                     "un nouveau sur la page de connexion.",
}
