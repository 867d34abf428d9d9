"""The portal's words for online booking (the *Book* tab), English and French, merged into
the portal's catalogue (``portal/i18n.py``). Same keys in both (a test checks)."""

from __future__ import annotations

EN: dict[str, str] = {
    "book_tab": "Book",
    "book_title": "Book an appointment",
    "my_account_link": "My account",
    "upcoming_title": "Your upcoming appointments",
    "no_upcoming": "No upcoming appointment.",
    "with_practitioner": "with {name}",
    "booked_online_badge": "Booked online",
    "cancel_appointment": "Cancel this appointment",
    "cancel_appointment_of": "Cancel the appointment of {when}",
    "cancel_too_late": "It is too late to cancel online (the clinic asks for {hours} hours' "
                       "notice). To cancel, call the clinic.",
    "cancel_notice_rule": "You can cancel here up to {hours} hours before the appointment; "
                          "after that, call the clinic.",
    "call_clinic": "Call the clinic",
    "step_service": "Service",
    "step_practitioner": "Practitioner",
    "step_day": "Day",
    "choose_service": "Choose a service",
    "minutes": "{n} min",
    "anyone": "Anyone available",
    "show_times": "Show free times",
    "free_times": "Free times on {day}",
    "no_times": "No free time that day. Try another day.",
    "no_services": "Online booking isn't available right now. Please contact the clinic.",
    "confirm_title": "Confirm your appointment",
    "confirm_booking": "Confirm the booking",
    "choose_another": "Choose another time",
    "when": "When",
    "booked": "Your appointment is booked.",
    "cancelled": "Your appointment is cancelled.",
    "slot_taken": "Someone else just booked this time. Here are the next free times:",
    "slot_taken_none": "Someone else just booked this time, and there is no other free time "
                       "in the next two weeks. Please contact the clinic.",
    "not_bookable": "This time can't be booked online any more. Choose another one.",
    "hold_title": "A payment method is needed",
    "hold_kept": "We keep this time for you until {time} (10 minutes).",
    "hold_reason_no_method": "The clinic asks for a valid payment method on file to book "
                             "online. Add a card or a bank account to confirm this booking.",
    "hold_reason_expired": "Your card on file will have expired by the appointment's date. "
                           "Add another card or a bank account to confirm this booking.",
    "hold_reason_pending": "Your bank account still awaits its verification by small "
                           "deposits (1–2 business days), so it can't confirm this booking "
                           "within the 10 minutes we keep the time. Add a card, or add the "
                           "bank account again by logging in to your bank (instant).",
    "hold_reason_not_usable": "No payment method on file can be used for this booking. Add a "
                              "card or a bank account to confirm it.",
    "hold_bank_note": "Here a bank account is added by logging in to your bank in Stripe's "
                      "window (instant verification): one entered by its numbers is verified "
                      "by small deposits over 1–2 business days, too late for this booking.",
    "hold_ready": "Your payment method is on file. Confirm the booking to finish.",
    "hold_expired": "The 10 minutes we kept this time for you ran out, and the time was "
                    "released. Choose a time again.",
    "release_time": "Don't book this time",
    "released": "The time is released.",
    "method_still_needed": "A valid payment method is still needed to confirm this booking.",
    "booking_error": "The booking could not be made. Please try again.",
    "clinic_message": "The clinic's message",
    "at_time": "{day} at {time}",
}

FR: dict[str, str] = {
    "book_tab": "Réserver",
    "book_title": "Prendre rendez-vous",
    "my_account_link": "Mon compte",
    "upcoming_title": "Vos prochains rendez-vous",
    "no_upcoming": "Aucun rendez-vous à venir.",
    "with_practitioner": "avec {name}",
    "booked_online_badge": "Réservé en ligne",
    "cancel_appointment": "Annuler ce rendez-vous",
    "cancel_appointment_of": "Annuler le rendez-vous du {when}",
    "cancel_too_late": "Il est trop tard pour annuler en ligne (la clinique demande un "
                       "préavis de {hours} heures). Pour annuler, appelez la clinique.",
    "cancel_notice_rule": "Vous pouvez annuler ici jusqu’à {hours} heures avant le "
                          "rendez-vous ; ensuite, appelez la clinique.",
    "call_clinic": "Appelez la clinique",
    "step_service": "Service",
    "step_practitioner": "Praticien",
    "step_day": "Jour",
    "choose_service": "Choisissez un service",
    "minutes": "{n} min",
    "anyone": "Le premier disponible",
    "show_times": "Voir les heures libres",
    "free_times": "Heures libres le {day}",
    "no_times": "Aucune heure libre ce jour-là. Essayez un autre jour.",
    "no_services": "La réservation en ligne n’est pas offerte pour l’instant. Communiquez "
                   "avec la clinique.",
    "confirm_title": "Confirmez votre rendez-vous",
    "confirm_booking": "Confirmer la réservation",
    "choose_another": "Choisir une autre heure",
    "when": "Quand",
    "booked": "Votre rendez-vous est réservé.",
    "cancelled": "Votre rendez-vous est annulé.",
    "slot_taken": "Quelqu’un vient de réserver cette heure. Voici les prochaines heures "
                  "libres :",
    "slot_taken_none": "Quelqu’un vient de réserver cette heure, et il n’y a aucune autre "
                       "heure libre dans les deux prochaines semaines. Communiquez avec la "
                       "clinique.",
    "not_bookable": "Cette heure ne peut plus être réservée en ligne. Choisissez-en une "
                    "autre.",
    "hold_title": "Un mode de paiement est requis",
    "hold_kept": "Nous vous réservons cette heure jusqu’à {time} (10 minutes).",
    "hold_reason_no_method": "La clinique exige un mode de paiement valide au dossier pour "
                             "réserver en ligne. Ajoutez une carte ou un compte bancaire pour "
                             "confirmer cette réservation.",
    "hold_reason_expired": "Votre carte au dossier sera expirée à la date du rendez-vous. "
                           "Ajoutez une autre carte ou un compte bancaire pour confirmer "
                           "cette réservation.",
    "hold_reason_pending": "Votre compte bancaire attend encore sa vérification par petits "
                           "dépôts (1 à 2 jours ouvrables) : il ne peut donc pas confirmer "
                           "cette réservation dans les 10 minutes où nous gardons l’heure. "
                           "Ajoutez une carte, ou ajoutez de nouveau le compte bancaire en "
                           "vous connectant à votre banque (instantané).",
    "hold_reason_not_usable": "Aucun mode de paiement au dossier n’est utilisable pour cette "
                              "réservation. Ajoutez une carte ou un compte bancaire pour la "
                              "confirmer.",
    "hold_bank_note": "Ici, un compte bancaire s’ajoute en vous connectant à votre banque dans "
                      "la fenêtre de Stripe (vérification instantanée) : un compte saisi par "
                      "ses numéros est vérifié par petits dépôts en 1 à 2 jours ouvrables, trop "
                      "tard pour cette réservation.",
    "hold_ready": "Votre mode de paiement est au dossier. Confirmez la réservation pour "
                  "terminer.",
    "hold_expired": "Les 10 minutes pendant lesquelles nous gardions cette heure sont "
                    "écoulées, et l’heure a été libérée. Choisissez de nouveau une heure.",
    "release_time": "Ne pas réserver cette heure",
    "released": "L’heure est libérée.",
    "method_still_needed": "Un mode de paiement valide est encore requis pour confirmer "
                           "cette réservation.",
    "booking_error": "La réservation n’a pas pu être faite. Veuillez réessayer.",
    "clinic_message": "Le message de la clinique",
    "at_time": "{day} à {time}",
}

WEEKDAYS = {"en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                   "Sunday"),
            "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")}
MONTHS = {"en": ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"),
          "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")}
