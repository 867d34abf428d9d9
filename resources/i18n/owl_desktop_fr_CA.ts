<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA" sourcelanguage="en">
<context>
    <name>AddPaymentMethodDialog</name>
    <message>
        <source>Add a credit card</source>
        <translation>Ajouter une carte de crédit</translation>
    </message>
    <message>
        <source>Add a bank account</source>
        <translation>Ajouter un compte bancaire</translation>
    </message>
    <message>
        <source>For {name}</source>
        <translation>Pour {name}</translation>
    </message>
    <message>
        <source>Save card</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Continue to bank details</source>
        <translation>Continuer vers les coordonnées bancaires</translation>
    </message>
    <message>
        <source>Preparing Stripe&apos;s secure form…</source>
        <translation>Préparation du formulaire sécurisé de Stripe…</translation>
    </message>
    <message>
        <source>Connecting to Stripe…</source>
        <translation>Connexion à Stripe…</translation>
    </message>
    <message numerus="yes">
        <source>Stripe is receiving too many requests right now: trying again in %n second(s)…</source>
        <translation>
            <numerusform>Stripe reçoit trop de requêtes en ce moment&#xa0;: nouvel essai dans %n seconde…</numerusform>
            <numerusform>Stripe reçoit trop de requêtes en ce moment&#xa0;: nouvel essai dans %n secondes…</numerusform>
        </translation>
    </message>
    <message>
        <source>Stripe isn&apos;t connected yet. An administrator can connect it in the settings.</source>
        <translation>Stripe n&apos;est pas encore connecté. Un administrateur peut le connecter dans les paramètres.</translation>
    </message>
    <message>
        <source>The secure form stopped working and must be reopened: close this window, then add the payment method again.</source>
        <translation>Le formulaire sécurisé a cessé de fonctionner et doit être rouvert&#xa0;: fermez cette fenêtre, puis ajoutez de nouveau le mode de paiement.</translation>
    </message>
    <message>
        <source>Stripe&apos;s secure form can&apos;t be loaded. Check the internet connection, then try again.</source>
        <translation>Le formulaire sécurisé de Stripe ne peut pas être chargé. Vérifiez la connexion Internet, puis réessayez.</translation>
    </message>
    <message>
        <source>Stripe is still receiving too many requests. Close this window and try again in a few minutes.</source>
        <translation>Stripe reçoit encore trop de requêtes. Fermez cette fenêtre et réessayez dans quelques minutes.</translation>
    </message>
    <message>
        <source>the card number</source>
        <translation>le numéro de carte</translation>
    </message>
    <message>
        <source>the expiry date</source>
        <translation>la date d&apos;expiration</translation>
    </message>
    <message>
        <source>the CVC</source>
        <translation>le CVC</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} et {last}</translation>
    </message>
    <message>
        <source>Complete {fields} to save.</source>
        <translation>Remplissez {fields} pour enregistrer.</translation>
    </message>
    <message>
        <source>Correct the billing postal code.</source>
        <translation>Corrigez le code postal de facturation.</translation>
    </message>
    <message>
        <source>Enter the name on the card.</source>
        <translation>Entrez le nom figurant sur la carte.</translation>
    </message>
    <message>
        <source>Enter the account holder&apos;s name.</source>
        <translation>Entrez le nom du titulaire du compte.</translation>
    </message>
    <message>
        <source>Stripe&apos;s window is open: enter the bank account and accept the agreement there.</source>
        <translation>La fenêtre de Stripe est ouverte&#xa0;: entrez-y le compte bancaire et acceptez l&apos;accord.</translation>
    </message>
    <message>
        <source>Saving the card with Stripe…</source>
        <translation>Enregistrement de la carte auprès de Stripe…</translation>
    </message>
    <message>
        <source>The bank account was not added: Stripe&apos;s window was closed before the agreement was accepted. Nothing was saved.</source>
        <translation>Le compte bancaire n&apos;a pas été ajouté&#xa0;: la fenêtre de Stripe a été fermée avant l&apos;acceptation de l&apos;accord. Rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>Stripe didn&apos;t finish saving this payment method. Try again.</source>
        <translation>Stripe n&apos;a pas terminé l&apos;enregistrement de ce mode de paiement. Réessayez.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Bank account saved — waiting for verification</source>
        <translation>Compte bancaire enregistré — en attente de vérification</translation>
    </message>
    <message>
        <source>The bank account is saved and waits for verification: Stripe sends two small deposits to it in 1–2 business days. It can&apos;t be used for autopay or bookings until they are confirmed.</source>
        <translation>Le compte bancaire est enregistré et attend sa vérification&#xa0;: Stripe y verse deux petits dépôts d&apos;ici 1 à 2 jours ouvrables. Il ne peut pas servir au paiement automatique ni aux réservations avant leur confirmation.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Stripe saved the payment method, but it couldn&apos;t be recorded here yet: {reason}</source>
        <translation>Stripe a enregistré le mode de paiement, mais il n&apos;a pas encore pu être inscrit ici&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>The payment method can&apos;t be added now</source>
        <translation>Le mode de paiement ne peut pas être ajouté pour l&apos;instant</translation>
    </message>
    <message>
        <source>Something went wrong. The details were written to the log file.</source>
        <translation>Un problème est survenu. Les détails ont été inscrits dans le journal.</translation>
    </message>
</context>
<context>
    <name>AdminHistory</name>
    <message>
        <source>Set the clinic administrator&apos;s passphrase.</source>
        <translation>Phrase secrète de l’administrateur de la clinique définie.</translation>
    </message>
    <message>
        <source>Changed the clinic administrator&apos;s passphrase.</source>
        <translation>Phrase secrète de l’administrateur de la clinique changée.</translation>
    </message>
    <message>
        <source>Cleared the forgotten passphrase with the command {command}; the next refund or change to Settings → Payments sets a new one.</source>
        <translation>Phrase secrète oubliée effacée avec la commande {command}&#xa0;; le prochain remboursement ou la prochaine modification de Paramètres → Paiements en définit une nouvelle.</translation>
    </message>
    <message>
        <source>Wrong passphrase typed for a refund: nothing was refunded.</source>
        <translation>Mauvaise phrase secrète saisie pour un remboursement&#xa0;: rien n’a été remboursé.</translation>
    </message>
    <message>
        <source>Wrong passphrase typed for Settings → Payments: nothing was changed.</source>
        <translation>Mauvaise phrase secrète saisie pour Paramètres → Paiements&#xa0;: rien n’a été modifié.</translation>
    </message>
    <message>
        <source>Wrong current passphrase typed to change it: it wasn&apos;t changed.</source>
        <translation>Mauvaise phrase secrète actuelle saisie pour la changer&#xa0;: elle n’a pas été changée.</translation>
    </message>
    <message>
        <source>Wrong passphrase typed.</source>
        <translation>Mauvaise phrase secrète saisie.</translation>
    </message>
    <message>
        <source>requested by the client</source>
        <translation>demandé par le client</translation>
    </message>
    <message>
        <source>charged twice</source>
        <translation>débité deux fois</translation>
    </message>
    <message>
        <source>fraudulent</source>
        <translation>frauduleux</translation>
    </message>
    <message>
        <source>other reason</source>
        <translation>autre raison</translation>
    </message>
    <message>
        <source>Refund of {amount} on invoice {number} ({client}): {reason}.</source>
        <translation>Remboursement de {amount} sur la facture {number} ({client})&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Refund of {amount} of payment {payment}: {reason}.</source>
        <translation>Remboursement de {amount} du paiement {payment}&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Refund (no details recorded).</source>
        <translation>Remboursement (aucun détail inscrit).</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Note&#xa0;: {note}</translation>
    </message>
    <message>
        <source>Refund: {detail}</source>
        <translation>Remboursement&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>Settings → Payments: {detail}</source>
        <translation>Paramètres → Paiements&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>Settings → Payments saved with no change.</source>
        <translation>Paramètres → Paiements enregistrés sans modification.</translation>
    </message>
    <message>
        <source>Payment processing changed from {old} to {new}.</source>
        <translation>Traitement des paiements passé de {old} à {new}.</translation>
    </message>
    <message>
        <source>Autopay&apos;s nightly hour changed from {old} to {new}.</source>
        <translation>Heure de la nuit du paiement automatique passée de {old} à {new}.</translation>
    </message>
    <message>
        <source>No-show fee changed from {old} to {new}.</source>
        <translation>Frais d’absence passés de {old} à {new}.</translation>
    </message>
    <message>
        <source>Late cancellation fee changed from {old} to {new}.</source>
        <translation>Frais d’annulation tardive passés de {old} à {new}.</translation>
    </message>
    <message>
        <source>Currency changed from {old} to {new}.</source>
        <translation>Devise passée de {old} à {new}.</translation>
    </message>
    <message>
        <source>GST/HST number changed from {old} to {new}.</source>
        <translation>Numéro de TPS/TVH passé de {old} à {new}.</translation>
    </message>
    <message>
        <source>Clinic address (receipts) changed.</source>
        <translation>Adresse de la clinique (reçus) modifiée.</translation>
    </message>
    <message>
        <source>{field} changed.</source>
        <translation>{field} modifié.</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuel</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>no fee</source>
        <translation>aucuns frais</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
</context>
<context>
    <name>AdminHistoryDialog</name>
    <message>
        <source>Administrator history</source>
        <translation>Historique de l’administrateur</translation>
    </message>
    <message>
        <source>What was done with the clinic administrator’s passphrase, at every desk: refunds, changes to Settings → Payments, the passphrase itself. Newest first.</source>
        <translation>Ce qui a été fait avec la phrase secrète de l’administrateur de la clinique, à tous les postes&#xa0;: remboursements, modifications de Paramètres → Paiements, la phrase secrète elle-même. Les plus récents en premier.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Rien d’inscrit pour l’instant.</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
</context>
<context>
    <name>AppointmentsTab</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Praticien·ne</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source> (online)</source>
        <translation> (en ligne)</translation>
    </message>
</context>
<context>
    <name>AuditTrail</name>
    <message>
        <source>Added</source>
        <translation>Ajouté</translation>
    </message>
    <message>
        <source>Added, awaiting verification</source>
        <translation>Ajouté, en attente de vérification</translation>
    </message>
    <message>
        <source>Verified (micro-deposits confirmed)</source>
        <translation>Vérifié (microdépôts confirmés)</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <source>Set as default</source>
        <translation>Défini par défaut</translation>
    </message>
    <message>
        <source>No longer the default</source>
        <translation>N&apos;est plus le mode par défaut</translation>
    </message>
    <message>
        <source>Autopay turned on</source>
        <translation>Paiement automatique activé</translation>
    </message>
    <message>
        <source>Autopay turned off</source>
        <translation>Paiement automatique désactivé</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>Refund refused by the bank</source>
        <translation>Remboursement refusé par la banque</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Débité</translation>
    </message>
    <message>
        <source>Bank debit sent</source>
        <translation>Prélèvement bancaire envoyé</translation>
    </message>
    <message>
        <source>Charge declined</source>
        <translation>Débit refusé</translation>
    </message>
    <message>
        <source>Charge awaiting the client&apos;s confirmation</source>
        <translation>Débit en attente de la confirmation du client</translation>
    </message>
    <message>
        <source>Bank debit settled</source>
        <translation>Prélèvement bancaire réglé</translation>
    </message>
    <message>
        <source>Bank debit failed</source>
        <translation>Prélèvement bancaire refusé</translation>
    </message>
    <message>
        <source>Payment recorded</source>
        <translation>Paiement enregistré</translation>
    </message>
    <message>
        <source>Invoice voided</source>
        <translation>Facture annulée</translation>
    </message>
    <message>
        <source>Autopay set to follow the clinic&apos;s setting</source>
        <translation>Paiement automatique réglé selon le choix de la clinique</translation>
    </message>
    <message>
        <source>{action} (invoice {number}, {amount})</source>
        <translation>{action} (facture {number}, {amount})</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Comptant</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Chèque</translation>
    </message>
    <message>
        <source>E-transfer</source>
        <translation>Virement Interac</translation>
    </message>
    <message>
        <source>Removed at another desk or in Stripe</source>
        <translation>Retiré à un autre poste ou dans Stripe</translation>
    </message>
    <message>
        <source>Stripe</source>
        <translation>Stripe</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>Ailleurs</translation>
    </message>
    <message>
        <source>Made outside this desk (Stripe&apos;s Dashboard, another desk or the client&apos;s self-service) and picked up by sync.</source>
        <translation>Fait ailleurs qu’à ce poste (tableau de bord Stripe, autre poste ou libre-service du client) et récupéré par la synchronisation.</translation>
    </message>
    <message>
        <source>By the client</source>
        <translation>Par le client</translation>
    </message>
    <message>
        <source>In the portal</source>
        <translation>Dans le portail</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Mode de paiement</translation>
    </message>
</context>
<context>
    <name>AuditTrailView</name>
    <message>
        <source>Payment method history</source>
        <translation>Historique des modes de paiement</translation>
    </message>
    <message>
        <source>No changes recorded yet.</source>
        <translation>Aucune modification enregistrée pour l&apos;instant.</translation>
    </message>
</context>
<context>
    <name>AutopayPanel</name>
    <message>
        <source>Autopay is paused until another default is chosen.</source>
        <translation>Le paiement automatique est suspendu jusqu&apos;au choix d&apos;un autre mode par défaut.</translation>
    </message>
    <message>
        <source>Autopay is paused: no payment method on file can be charged. Add a payment method to resume.</source>
        <translation>Le paiement automatique est suspendu&#xa0;: aucun mode de paiement au dossier ne peut être débité. Ajoutez un mode de paiement pour le reprendre.</translation>
    </message>
    <message>
        <source>Autopay is paused: the default method can&apos;t be charged. Choose another default.</source>
        <translation>Le paiement automatique est suspendu&#xa0;: le mode par défaut ne peut pas être débité. Choisissez un autre mode par défaut.</translation>
    </message>
    <message>
        <source>Autopay is paused: the default method can&apos;t be charged and no other method on file can be. Add a payment method to resume.</source>
        <translation>Le paiement automatique est suspendu&#xa0;: le mode par défaut ne peut pas être débité, ni aucun autre mode au dossier. Ajoutez un mode de paiement pour le reprendre.</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activé</translation>
    </message>
    <message>
        <source>On — paused (no default method)</source>
        <translation>Activé — suspendu (aucun mode par défaut)</translation>
    </message>
    <message>
        <source>On — paused (default can&apos;t be charged)</source>
        <translation>Activé — suspendu (mode par défaut non débitable)</translation>
    </message>
    <message>
        <source>Autopay</source>
        <translation>Paiement automatique</translation>
    </message>
    <message>
        <source>When on, invoices are charged to the client&apos;s default payment method.</source>
        <translation>Lorsqu&apos;il est activé, les factures sont portées au mode de paiement par défaut du client.</translation>
    </message>
    <message>
        <source>Auto&amp;pay:</source>
        <translation>Paiement au&amp;tomatique&#xa0;:</translation>
    </message>
    <message>
        <source>Autopay paused</source>
        <translation>Paiement automatique suspendu</translation>
    </message>
    <message>
        <source>Add a payment method…</source>
        <translation>Ajouter un mode de paiement…</translation>
    </message>
    <message>
        <source>Add a payment method (offline)</source>
        <translation>Ajouter un mode de paiement (hors ligne)</translation>
    </message>
    <message>
        <source>Clinic default (on)</source>
        <translation>Selon la clinique (activé)</translation>
    </message>
    <message>
        <source>Clinic default (off)</source>
        <translation>Selon la clinique (désactivé)</translation>
    </message>
    <message>
        <source>Charges {method}, the default method.</source>
        <translation>Débite {method}, le mode par défaut.</translation>
    </message>
    <message>
        <source>Would charge {method}, the default method.</source>
        <translation>Débiterait {method}, le mode par défaut.</translation>
    </message>
    <message>
        <source>Enrolled, but paused: nothing on file can be charged yet.</source>
        <translation>Inscrit, mais en pause&#xa0;: aucun mode de paiement au dossier ne peut encore être débité.</translation>
    </message>
    <message>
        <source>No payment method that autopay can charge is on file.</source>
        <translation>Aucun mode de paiement au dossier ne peut être débité par le paiement automatique.</translation>
    </message>
    <message>
        <source>No default payment method.</source>
        <translation>Aucun mode de paiement par défaut.</translation>
    </message>
    <message>
        <source>Use {method}</source>
        <translation>Utiliser {method}</translation>
    </message>
    <message>
        <source>Make {method} the default</source>
        <translation>Faire de {method} le mode par défaut</translation>
    </message>
</context>
<context>
    <name>AutopaySettingsDialog</name>
    <message>
        <source>Process manually</source>
        <translation>Traiter manuellement</translation>
    </message>
    <message>
        <source>Process automatically</source>
        <translation>Traiter automatiquement</translation>
    </message>
    <message>
        <source>&amp;Payments:</source>
        <translation>&amp;Paiements&#xa0;:</translation>
    </message>
    <message>
        <source>Autopay &amp;runs nightly at:</source>
        <translation>Paiement automatique chaque &amp;nuit à&#xa0;:</translation>
    </message>
    <message>
        <source>Administrator histor&amp;y…</source>
        <translation>&amp;Historique de l’administrateur…</translation>
    </message>
    <message>
        <source>C&amp;hange the administrator passphrase…</source>
        <translation>Chan&amp;ger la phrase secrète de l’administrateur…</translation>
    </message>
    <message>
        <source>{zone} (the clinic’s time zone)</source>
        <translation>{zone} (fuseau horaire de la clinique)</translation>
    </message>
    <message>
        <source>{zone}: the clinic’s time zone isn’t set, so every desk uses this default. Set it in Settings → Booking rules.</source>
        <translation>{zone}&#xa0;: le fuseau horaire de la clinique n’est pas défini, tous les postes utilisent donc celui-ci par défaut. Définissez-le dans Paramètres → Règles de réservation.</translation>
    </message>
    <message>
        <source>Not set yet: it is set the first time this page is saved.</source>
        <translation>Pas encore définie&#xa0;: elle l’est la première fois que cette page est enregistrée.</translation>
    </message>
    <message>
        <source>Clients set to “clinic default” follow this; a client’s own “on” or “off” wins (on the profile).</source>
        <translation>Les clients réglés sur «&#xa0;selon la clinique&#xa0;» suivent ce choix&#xa0;; le réglage «&#xa0;activé&#xa0;» ou «&#xa0;désactivé&#xa0;» propre à un client l’emporte (sur sa fiche).</translation>
    </message>
    <message numerus="yes">
        <source>%n client(s) following the clinic will be charged automatically every night.</source>
        <translation>
            <numerusform>%n client suivant la clinique sera débité automatiquement chaque nuit.</numerusform>
            <numerusform>%n clients suivant la clinique seront débités automatiquement chaque nuit.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n client(s) following the clinic will no longer be charged automatically.</source>
        <translation>
            <numerusform>%n client suivant la clinique ne sera plus débité automatiquement.</numerusform>
            <numerusform>%n clients suivant la clinique ne seront plus débités automatiquement.</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes to Settings → Payments need the clinic administrator&apos;s passphrase.</source>
        <translation>Les modifications de Paramètres → Paiements exigent la phrase secrète de l’administrateur de la clinique.</translation>
    </message>
</context>
<context>
    <name>AutopayTexts</name>
    <message>
        <source>Skipped: autopay is paused (no default payment method).</source>
        <translation>Ignorée&#xa0;: le paiement automatique est suspendu (aucun mode de paiement par défaut).</translation>
    </message>
    <message>
        <source>Skipped: the default card has expired.</source>
        <translation>Ignorée&#xa0;: la carte par défaut est expirée.</translation>
    </message>
    <message>
        <source>Skipped: the default bank account isn&apos;t verified yet.</source>
        <translation>Ignorée&#xa0;: le compte bancaire par défaut n’est pas encore vérifié.</translation>
    </message>
    <message>
        <source>Skipped: already paid.</source>
        <translation>Ignorée&#xa0;: déjà payée.</translation>
    </message>
    <message>
        <source>Skipped: a payment is already processing.</source>
        <translation>Ignorée&#xa0;: un paiement est déjà en cours de traitement.</translation>
    </message>
    <message>
        <source>Skipped: this method was declined before; waiting for a new default or a retry (Failed payments).</source>
        <translation>Ignorée&#xa0;: ce mode a déjà été refusé&#xa0;; en attente d’un nouveau mode par défaut ou d’un nouvel essai (Paiements échoués).</translation>
    </message>
    <message>
        <source>Skipped: waiting for the client to confirm the payment.</source>
        <translation>Ignorée&#xa0;: en attente de la confirmation du paiement par le client.</translation>
    </message>
    <message>
        <source>Paid.</source>
        <translation>Payée.</translation>
    </message>
    <message>
        <source>Bank debit sent: it settles in a few business days.</source>
        <translation>Prélèvement bancaire envoyé&#xa0;: il sera réglé d’ici quelques jours ouvrables.</translation>
    </message>
    <message>
        <source>Not sent: Stripe couldn&apos;t be reached. The next run sends it.</source>
        <translation>Non envoyée&#xa0;: Stripe est injoignable. La prochaine exécution l’enverra.</translation>
    </message>
</context>
<context>
    <name>AutopayUi</name>
    <message>
        <source>B&amp;illing</source>
        <translation>Facturati&amp;on</translation>
    </message>
    <message>
        <source>&amp;Run autopay now…</source>
        <translation>&amp;Exécuter le paiement automatique maintenant…</translation>
    </message>
    <message>
        <source>&amp;Failed payments…</source>
        <translation>Paiements é&amp;choués…</translation>
    </message>
    <message>
        <source>Re&amp;fund a payment…</source>
        <translation>Rem&amp;bourser un paiement…</translation>
    </message>
    <message>
        <source>A&amp;dministrator history…</source>
        <translation>&amp;Historique de l’administrateur…</translation>
    </message>
    <message>
        <source>R&amp;efund…</source>
        <translation>Rem&amp;bourser…</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
</context>
<context>
    <name>BillingTab</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Facture</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Dû</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>&amp;New invoice…</source>
        <translation>&amp;Nouvelle facture…</translation>
    </message>
    <message>
        <source>Char&amp;ge now…</source>
        <translation>&amp;Débiter maintenant…</translation>
    </message>
    <message>
        <source>Save recei&amp;pt…</source>
        <translation>Enregistrer le &amp;reçu…</translation>
    </message>
    <message>
        <source>Prin&amp;t receipt</source>
        <translation>&amp;Imprimer le reçu</translation>
    </message>
    <message>
        <source>Record pa&amp;yment…</source>
        <translation>Enregistrer un paie&amp;ment…</translation>
    </message>
    <message>
        <source>&amp;Void…</source>
        <translation>Annu&amp;ler…</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Factures</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <source>Balance: {amount}</source>
        <translation>Solde&#xa0;: {amount}</translation>
    </message>
</context>
<context>
    <name>BillingTexts</name>
    <message>
        <source>Open</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Not confirmed yet</source>
        <translation>Pas encore confirmé</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <source>Client must confirm</source>
        <translation>Le client doit confirmer</translation>
    </message>
    <message>
        <source>No-show fee: {service}</source>
        <translation>Frais d’absence&#xa0;: {service}</translation>
    </message>
    <message>
        <source>Late cancellation fee: {service}</source>
        <translation>Frais d’annulation tardive&#xa0;: {service}</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Comptant</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Chèque</translation>
    </message>
    <message>
        <source>E-transfer</source>
        <translation>Virement Interac</translation>
    </message>
    <message>
        <source>The bank account didn&apos;t have enough money.</source>
        <translation>Le compte bancaire n’avait pas assez d’argent.</translation>
    </message>
    <message>
        <source>The bank account is closed.</source>
        <translation>Le compte bancaire est fermé.</translation>
    </message>
    <message>
        <source>The bank couldn&apos;t find this account.</source>
        <translation>La banque n’a pas trouvé ce compte.</translation>
    </message>
    <message>
        <source>The client told their bank this debit wasn&apos;t authorized.</source>
        <translation>Le client a déclaré à sa banque que ce prélèvement n’était pas autorisé.</translation>
    </message>
    <message>
        <source>The debit went over the account&apos;s weekly limit.</source>
        <translation>Le prélèvement dépassait la limite hebdomadaire du compte.</translation>
    </message>
    <message>
        <source>The debit went over the account&apos;s limit per payment.</source>
        <translation>Le prélèvement dépassait la limite par paiement du compte.</translation>
    </message>
    <message>
        <source>The card has expired or was canceled.</source>
        <translation>La carte est expirée ou a été annulée.</translation>
    </message>
    <message>
        <source>The card was reported lost or stolen.</source>
        <translation>La carte a été déclarée perdue ou volée.</translation>
    </message>
    <message>
        <source>The bank refused the refund.</source>
        <translation>La banque a refusé le remboursement.</translation>
    </message>
    <message>
        <source>The bank refused the debit.</source>
        <translation>La banque a refusé le prélèvement.</translation>
    </message>
    <message>
        <source>Ask the client for another payment method.</source>
        <translation>Demandez au client un autre mode de paiement.</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>Compte bancaire</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation> (par défaut)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Refunded {amount}.</source>
        <translation>Remboursé {amount}.</translation>
    </message>
    <message>
        <source>Refund of {amount} canceled.</source>
        <translation>Remboursement de {amount} annulé.</translation>
    </message>
    <message>
        <source>Refund of {amount} failed: {reason} Refund the client another way (cash, cheque or e-transfer).</source>
        <translation>Le remboursement de {amount} a échoué&#xa0;: {reason} Remboursez le client autrement (comptant, chèque ou virement Interac).</translation>
    </message>
    <message>
        <source>Refund of {amount} under way.</source>
        <translation>Remboursement de {amount} en cours.</translation>
    </message>
    <message>
        <source>The bank asks the cardholder to confirm this payment. Ask the client to confirm it (for example on the client portal), or use another card.</source>
        <translation>La banque demande au titulaire de la carte de confirmer ce paiement. Demandez au client de le confirmer (par exemple sur le portail client), ou utilisez une autre carte.</translation>
    </message>
    <message>
        <source>Charged {amount} to {method}.</source>
        <translation>{amount} débité sur {method}.</translation>
    </message>
    <message>
        <source>The bank debit of {amount} was sent. It settles in a few business days; this tab shows it then.</source>
        <translation>Le prélèvement bancaire de {amount} a été envoyé. Il se règle en quelques jours ouvrables&#xa0;; cet onglet l’affichera alors.</translation>
    </message>
</context>
<context>
    <name>BillingUi</name>
    <message>
        <source>Pa&amp;yments…</source>
        <translation>Pai&amp;ements…</translation>
    </message>
    <message>
        <source>&amp;Billing</source>
        <translation>Fact&amp;uration</translation>
    </message>
</context>
<context>
    <name>BookingRuleBox</name>
    <message>
        <source>Online booking</source>
        <translation>Réservation en ligne</translation>
    </message>
    <message>
        <source>Require a valid payment method to book via the client portal</source>
        <translation>Exiger un mode de paiement valide pour réserver via le portail client</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>Valid: a card that hasn&apos;t expired by the appointment&apos;s date, or a bank account whose verification is complete. Clients without one are asked to add one; the time they chose is kept for them for 10 minutes meanwhile.</source>
        <translation>Valide&#xa0;: une carte non expirée à la date du rendez-vous, ou un compte bancaire dont la vérification est terminée. Les clients qui n’en ont pas doivent en ajouter un; l’heure choisie leur est réservée 10&#xa0;minutes pendant ce temps.</translation>
    </message>
    <message>
        <source>Message clients see when asked to add one (e.g. your no-show policy):</source>
        <translation>Message présenté aux clients à qui on en demande un (p.&#xa0;ex. votre politique d’absence)&#xa0;:</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <source>What the client sees:</source>
        <translation>Ce que voit le client&#xa0;:</translation>
    </message>
    <message>
        <source>At most {n} characters.</source>
        <translation>Au plus {n} caractères.</translation>
    </message>
    <message>
        <source>Write the message clients see when the rule asks them for a payment method.</source>
        <translation>Rédigez le message présenté aux clients quand la règle leur demande un mode de paiement.</translation>
    </message>
</context>
<context>
    <name>BookingRuleLine</name>
    <message>
        <source>Online booking today: yes (the clinic doesn&apos;t require a payment method).</source>
        <translation>Réservation en ligne aujourd’hui&#xa0;: oui (la clinique n’exige pas de mode de paiement).</translation>
    </message>
    <message>
        <source>Online booking today: yes ({method} is valid).</source>
        <translation>Réservation en ligne aujourd’hui&#xa0;: oui ({method} est valide).</translation>
    </message>
    <message>
        <source>Online booking today: no. No payment method is on file, and the clinic requires one to book online.</source>
        <translation>Réservation en ligne aujourd’hui&#xa0;: non. Aucun mode de paiement au dossier, et la clinique en exige un pour réserver en ligne.</translation>
    </message>
    <message>
        <source>Online booking today: no. The card on file has expired, and the clinic requires a valid payment method to book online.</source>
        <translation>Réservation en ligne aujourd’hui&#xa0;: non. La carte au dossier est expirée, et la clinique exige un mode de paiement valide pour réserver en ligne.</translation>
    </message>
    <message>
        <source>Online booking today: no. The bank account awaits verification (micro-deposits), and the clinic requires a valid payment method to book online.</source>
        <translation>Réservation en ligne aujourd’hui&#xa0;: non. Le compte bancaire attend sa vérification (microdépôts), et la clinique exige un mode de paiement valide pour réserver en ligne.</translation>
    </message>
    <message>
        <source>Online booking today: no. No payment method on file can be used, and the clinic requires one to book online.</source>
        <translation>Réservation en ligne aujourd’hui&#xa0;: non. Aucun mode de paiement au dossier n’est utilisable, et la clinique en exige un pour réserver en ligne.</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change the administrator passphrase</source>
        <translation>Changer la phrase secrète de l’administrateur</translation>
    </message>
    <message>
        <source>Type the current passphrase, then the new one twice. Every desk asks for the new one from now on; the change is recorded in the administrator&apos;s history.</source>
        <translation>Tapez la phrase secrète actuelle, puis la nouvelle deux fois. Tous les postes demandent désormais la nouvelle&#xa0;; le changement est inscrit dans l’historique de l’administrateur.</translation>
    </message>
    <message>
        <source>&amp;Current passphrase:</source>
        <translation>Phrase secrète &amp;actuelle&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation>&amp;Nouvelle phrase secrète&#xa0;:</translation>
    </message>
    <message>
        <source>New passphrase &amp;again:</source>
        <translation>Nouvelle phrase secrète (&amp;répétée)&#xa0;:</translation>
    </message>
    <message>
        <source>C&amp;hange</source>
        <translation>C&amp;hanger</translation>
    </message>
    <message>
        <source>Enter the current passphrase.</source>
        <translation>Entrez la phrase secrète actuelle.</translation>
    </message>
    <message>
        <source>The passphrase must have at least {n} characters.</source>
        <translation>La phrase secrète doit comporter au moins {n} caractères.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases secrètes diffèrent.</translation>
    </message>
</context>
<context>
    <name>ChargeDialog</name>
    <message>
        <source>C&amp;harge</source>
        <translation>&amp;Débiter</translation>
    </message>
    <message>
        <source>Charge now</source>
        <translation>Débiter maintenant</translation>
    </message>
    <message>
        <source>Invoice {number}: {description}, {amount} due.</source>
        <translation>Facture {number}&#xa0;: {description}, {amount} dû.</translation>
    </message>
    <message>
        <source>Payment &amp;method:</source>
        <translation>&amp;Mode de paiement&#xa0;:</translation>
    </message>
    <message>
        <source>No payment method on file can be charged (an expired card or a bank account awaiting verification can&apos;t). Add one, or record a payment instead.</source>
        <translation>Aucun mode de paiement au dossier ne peut être débité (une carte expirée ou un compte bancaire en attente de vérification ne le peut pas). Ajoutez-en un, ou enregistrez plutôt un paiement.</translation>
    </message>
</context>
<context>
    <name>ClientFormDialog</name>
    <message>
        <source>New client</source>
        <translation>Nouveau client</translation>
    </message>
    <message>
        <source>Edit {name}</source>
        <translation>Modifier {name}</translation>
    </message>
    <message>
        <source>name@example.com (optional)</source>
        <translation>nom@exemple.com (facultatif)</translation>
    </message>
    <message>
        <source>514 555-0199 (optional)</source>
        <translation>514 555-0199 (facultatif)</translation>
    </message>
    <message>
        <source>Apartment, suite (optional)</source>
        <translation>Appartement, bureau (facultatif)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>H2X 1Y4</source>
        <translation>H2X 1Y4</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation>&amp;Courriel&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse&#xa0;:</translation>
    </message>
    <message>
        <source>Address line &amp;2:</source>
        <translation>Adresse, ligne &amp;2&#xa0;:</translation>
    </message>
    <message>
        <source>Ci&amp;ty:</source>
        <translation>&amp;Ville&#xa0;:</translation>
    </message>
    <message>
        <source>Pro&amp;vince:</source>
        <translation>P&amp;rovince&#xa0;:</translation>
    </message>
    <message>
        <source>P&amp;ostal code:</source>
        <translation>C&amp;ode postal&#xa0;:</translation>
    </message>
    <message>
        <source>Co&amp;untry:</source>
        <translation>Pa&amp;ys&#xa0;:</translation>
    </message>
    <message>
        <source>Create client</source>
        <translation>Créer le client</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) need attention.</source>
        <translation>
            <numerusform>%n champ à corriger.</numerusform>
            <numerusform>%n champs à corriger.</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>Abandonner les modifications?</translation>
    </message>
    <message>
        <source>Close the form and lose what you typed?</source>
        <translation>Fermer le formulaire et perdre ce que vous avez saisi?</translation>
    </message>
    <message>
        <source>&amp;Discard changes</source>
        <translation>&amp;Abandonner les modifications</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>&amp;Continuer la saisie</translation>
    </message>
</context>
<context>
    <name>ClientListModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ville</translation>
    </message>
</context>
<context>
    <name>ClientPicker</name>
    <message>
        <source>Book for which client?</source>
        <translation>Réserver pour quel client&#xa0;?</translation>
    </message>
    <message>
        <source>Search by name, email or phone</source>
        <translation>Rechercher par nom, courriel ou téléphone</translation>
    </message>
</context>
<context>
    <name>ClientSearchPanel</name>
    <message>
        <source>Search by name, email or phone</source>
        <translation>Rechercher par nom, courriel ou téléphone</translation>
    </message>
    <message>
        <source>Search clients</source>
        <translation>Rechercher des clients</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>No client matches “{query}”.</source>
        <translation>Aucun client ne correspond à «&#xa0;{query}&#xa0;».</translation>
    </message>
    <message>
        <source>No clients yet. Add one with New client.</source>
        <translation>Aucun client pour l&apos;instant. Ajoutez-en un avec Nouveau client.</translation>
    </message>
    <message numerus="yes">
        <source>Showing {shown} of %n clients; type to search.</source>
        <translation>
            <numerusform>Affichage de {shown} clients sur %n; tapez pour rechercher.</numerusform>
            <numerusform>Affichage de {shown} clients sur %n; tapez pour rechercher.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing the first %n matches; type more to narrow the list.</source>
        <translation>
            <numerusform>Voici le premier résultat; précisez la recherche pour réduire la liste.</numerusform>
            <numerusform>Voici les %n premiers résultats; précisez la recherche pour réduire la liste.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactTab</name>
    <message>
        <source>Contact details</source>
        <translation>Coordonnées</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>Courriel&#xa0;:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Téléphone&#xa0;:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>Edit the contact details (Ctrl+E)</source>
        <translation>Modifier les coordonnées (Ctrl+E)</translation>
    </message>
    <message>
        <source>Clinic</source>
        <translation>Clinique</translation>
    </message>
    <message>
        <source>Client since:</source>
        <translation>Client depuis&#xa0;:</translation>
    </message>
    <message>
        <source>Autopay:</source>
        <translation>Paiement automatique&#xa0;:</translation>
    </message>
    <message>
        <source>No email on file</source>
        <translation>Aucun courriel au dossier</translation>
    </message>
    <message>
        <source>No phone on file</source>
        <translation>Aucun téléphone au dossier</translation>
    </message>
    <message>
        <source>Too long for Stripe (at most {n} characters): edit the profile to shorten it. Until then, it isn&apos;t sent to Stripe.</source>
        <translation>Trop long pour Stripe (au plus {n}&#xa0;caractères)&#xa0;: modifiez le profil pour le raccourcir. D’ici là, il n’est pas envoyé à Stripe.</translation>
    </message>
    <message>
        <source>No address on file</source>
        <translation>Aucune adresse au dossier</translation>
    </message>
    <message>
        <source>MMMM d, yyyy</source>
        <translation>d MMMM yyyy</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activé</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
</context>
<context>
    <name>Country</name>
    <message>
        <source>Canada</source>
        <translation>Canada</translation>
    </message>
</context>
<context>
    <name>DuplicatePanel</name>
    <message>
        <source>Keep only the one on file</source>
        <translation>Garder seulement celui au dossier</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Garder les deux</translation>
    </message>
    <message>
        <source>This card is already on file</source>
        <translation>Cette carte est déjà au dossier</translation>
    </message>
    <message>
        <source>{new} was saved, but the client already has this card on file with the same expiry date ({on_file}). Keep only the one on file? It keeps its default status; the card just added is removed.</source>
        <translation>{new} a été enregistrée, mais le client a déjà cette carte au dossier avec la même date d’expiration ({on_file}). Garder seulement celle au dossier&#xa0;? Elle garde son statut par défaut&#xa0;; la carte qui vient d’être ajoutée est retirée.</translation>
    </message>
    <message>
        <source>This bank account is already on file</source>
        <translation>Ce compte bancaire est déjà au dossier</translation>
    </message>
    <message>
        <source>{new} was saved, but the client already has this bank account on file ({on_file}). Keep only the one on file? It keeps its default status and its debit agreement; the account just added is removed.</source>
        <translation>{new} a été enregistré, mais le client a déjà ce compte bancaire au dossier ({on_file}). Garder seulement celui au dossier&#xa0;? Il garde son statut par défaut et son accord de prélèvement&#xa0;; le compte qui vient d’être ajouté est retiré.</translation>
    </message>
</context>
<context>
    <name>EntryPage</name>
    <message>
        <source>Payment method</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>Name on the card</source>
        <translation>Nom sur la carte</translation>
    </message>
    <message>
        <source>Account holder&apos;s name</source>
        <translation>Nom du titulaire du compte</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <source>Billing address</source>
        <translation>Adresse de facturation</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Apartment, suite (optional)</source>
        <translation>Appartement, bureau (facultatif)</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>Enter a Canadian postal code, like H2X 1Y4.</source>
        <translation>Entrez un code postal canadien, comme H2X 1Y4.</translation>
    </message>
    <message>
        <source>This postal code doesn&apos;t match the province: it should start with {letters}.</source>
        <translation>Ce code postal ne correspond pas à la province&#xa0;: il devrait commencer par {letters}.</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Numéro de carte</translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation>Date d&apos;expiration</translation>
    </message>
    <message>
        <source>Security code (CVC)</source>
        <translation>Code de sécurité (CVC)</translation>
    </message>
    <message>
        <source>The card number is incomplete.</source>
        <translation>Le numéro de carte est incomplet.</translation>
    </message>
    <message>
        <source>The expiry date is incomplete.</source>
        <translation>La date d&apos;expiration est incomplète.</translation>
    </message>
    <message>
        <source>The security code is incomplete.</source>
        <translation>Le code de sécurité est incomplet.</translation>
    </message>
    <message>
        <source>When you continue, Stripe&apos;s window asks for the institution, transit and account numbers, then shows the pre-authorized debit agreement for the client to accept.</source>
        <translation>Lorsque vous continuez, la fenêtre de Stripe demande les numéros d&apos;institution, de transit et de compte, puis affiche l&apos;accord de débit préautorisé que le client doit accepter.</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>The details were written to the log file.</source>
        <translation>Les détails ont été inscrits dans le journal.</translation>
    </message>
    <message>
        <source>The details were written to the log file: {path}</source>
        <translation>Les détails ont été inscrits dans le journal&#xa0;: {path}</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>Un problème est survenu.</translation>
    </message>
    <message>
        <source>The log is in {path}</source>
        <translation>Le journal se trouve ici&#xa0;: {path}</translation>
    </message>
    <message>
        <source>No log file could be written.</source>
        <translation>Aucun fichier journal n’a pu être écrit.</translation>
    </message>
    <message>
        <source>Owl Desktop can&apos;t start</source>
        <translation>Owl Desktop ne peut pas démarrer</translation>
    </message>
    <message>
        <source>Owl Desktop</source>
        <translation>Owl Desktop</translation>
    </message>
</context>
<context>
    <name>ExpandChevron</name>
    <message>
        <source>Hide details of {method}</source>
        <translation>Masquer les détails de {method}</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>Masquer les détails</translation>
    </message>
    <message>
        <source>Show details of {method}</source>
        <translation>Afficher les détails de {method}</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Afficher les détails</translation>
    </message>
    <message>
        <source>Expanded</source>
        <translation>Déplié</translation>
    </message>
    <message>
        <source>Collapsed</source>
        <translation>Replié</translation>
    </message>
</context>
<context>
    <name>FailedPaymentsDialog</name>
    <message>
        <source>Failed payments</source>
        <translation>Paiements échoués</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Facture</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <source>Charge &amp;another method…</source>
        <translation>Débiter un &amp;autre mode…</translation>
    </message>
    <message>
        <source>&amp;Mark as paid another way…</source>
        <translation>&amp;Marquer comme payée autrement…</translation>
    </message>
    <message>
        <source>&amp;Email the client a link</source>
        <translation>&amp;Envoyer un lien au client par courriel</translation>
    </message>
    <message>
        <source>Emails the client why the payment failed, with a link to their portal account to add a new card or bank account.</source>
        <translation>Envoie au client un courriel qui explique pourquoi le paiement a échoué, avec un lien vers son compte du portail pour ajouter une nouvelle carte ou un compte bancaire.</translation>
    </message>
    <message>
        <source>Copy the client&apos;s &amp;portal link</source>
        <translation>Copier le lien du &amp;portail du client</translation>
    </message>
    <message>
        <source>Send the client a link to &amp;confirm</source>
        <translation>Envoyer au client un lien pour &amp;confirmer</translation>
    </message>
    <message>
        <source>The client&apos;s bank asks them to authenticate this payment: the link opens it in their portal account, where they confirm it and the invoice is paid. Emailed when the clinic&apos;s mail is set up, otherwise copied for you to send.</source>
        <translation>La banque du client lui demande d’authentifier ce paiement&#xa0;: le lien l’ouvre dans son compte du portail, où il le confirme et la facture est payée. Envoyé par courriel quand le courriel de la clinique est configuré, sinon copié pour que vous l’envoyiez.</translation>
    </message>
    <message>
        <source>The client must confirm this payment (their bank asks them to authenticate it).</source>
        <translation>Le client doit confirmer ce paiement (sa banque lui demande de l’authentifier).</translation>
    </message>
    <message>
        <source>The client was emailed about it.</source>
        <translation>Le client en a été avisé par courriel.</translation>
    </message>
    <message>
        <source>The client may not have been emailed about it.</source>
        <translation>Le client n’en a peut-être pas été avisé par courriel.</translation>
    </message>
    <message>
        <source>No failed payments.</source>
        <translation>Aucun paiement échoué.</translation>
    </message>
    <message>
        <source>Invoice {n}: paid.</source>
        <translation>Facture {n}&#xa0;: payée.</translation>
    </message>
    <message>
        <source>Invoice {n}: bank debit sent.</source>
        <translation>Facture {n}&#xa0;: prélèvement bancaire envoyé.</translation>
    </message>
    <message>
        <source>Invoice {n}: the charge failed again.</source>
        <translation>Facture {n}&#xa0;: le paiement a échoué de nouveau.</translation>
    </message>
    <message>
        <source>Charge another method</source>
        <translation>Débiter un autre mode</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Mode&#xa0;:</translation>
    </message>
    <message>
        <source>Mark as paid another way</source>
        <translation>Marquer comme payée autrement</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Comptant</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Chèque</translation>
    </message>
    <message>
        <source>E-transfer</source>
        <translation>Virement Interac</translation>
    </message>
    <message>
        <source>&amp;Paid by:</source>
        <translation>&amp;Payée par&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Référence&#xa0;:</translation>
    </message>
    <message>
        <source>Invoice {n}: marked as paid.</source>
        <translation>Facture {n}&#xa0;: marquée comme payée.</translation>
    </message>
    <message>
        <source>Sending the email…</source>
        <translation>Envoi du courriel…</translation>
    </message>
    <message>
        <source>Emailed {address}: why the payment of invoice {n} failed, with the link to their portal account.</source>
        <translation>Courriel envoyé à {address}&#xa0;: pourquoi le paiement de la facture {n} a échoué, avec le lien vers son compte du portail.</translation>
    </message>
    <message>
        <source>Not emailed: {why} {hint}</source>
        <translation>Courriel non envoyé&#xa0;: {why} {hint}</translation>
    </message>
    <message>
        <source>Emailed {address} the link to confirm the payment of invoice {n} in their portal account.</source>
        <translation>Courriel envoyé à {address} avec le lien pour confirmer le paiement de la facture {n} dans son compte du portail.</translation>
    </message>
    <message>
        <source>The portal has no public address yet: set it in Settings → Online portal.</source>
        <translation>Le portail n’a pas encore d’adresse publique&#xa0;: indiquez-la dans Paramètres → Portail en ligne.</translation>
    </message>
    <message>
        <source>Copied: {link} — send it to the client to confirm the payment of invoice {n} in their portal account.</source>
        <translation>Copié&#xa0;: {link} — envoyez-le au client pour qu’il confirme le paiement de la facture {n} dans son compte du portail.</translation>
    </message>
    <message>
        <source>Copied: {link} — send it to the client to add a new card or bank account in their portal account.</source>
        <translation>Copié&#xa0;: {link} — envoyez-le au client pour qu’il ajoute une nouvelle carte ou un compte bancaire dans son compte du portail.</translation>
    </message>
</context>
<context>
    <name>FieldError</name>
    <message>
        <source>This field is required.</source>
        <translation>Ce champ est obligatoire.</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>Ce texte est trop long.</translation>
    </message>
    <message>
        <source>Remove the invisible or control characters (pasted with the text?).</source>
        <translation>Retirez les caractères invisibles ou de contrôle (collés avec le texte&#xa0;?).</translation>
    </message>
    <message>
        <source>Enter an email address like name@example.com.</source>
        <translation>Entrez une adresse courriel comme nom@exemple.com.</translation>
    </message>
    <message>
        <source>Enter a phone number with its area code, like 514 555-0199.</source>
        <translation>Entrez un numéro de téléphone avec l&apos;indicatif régional, comme 514 555-0199.</translation>
    </message>
    <message>
        <source>Enter a Canadian postal code, like H2X 1Y4.</source>
        <translation>Entrez un code postal canadien, comme H2X 1Y4.</translation>
    </message>
    <message>
        <source>This postal code doesn&apos;t match the province: it should start with {letters}.</source>
        <translation>Ce code postal ne correspond pas à la province&#xa0;: il devrait commencer par {letters}.</translation>
    </message>
    <message>
        <source>Choose a province or territory.</source>
        <translation>Choisissez une province ou un territoire.</translation>
    </message>
    <message>
        <source>Only Canadian addresses are supported for now.</source>
        <translation>Seules les adresses canadiennes sont acceptées pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Enter the first name.</source>
        <translation>Entrez le prénom.</translation>
    </message>
    <message>
        <source>Enter the last name.</source>
        <translation>Entrez le nom.</translation>
    </message>
    <message>
        <source>Stripe takes at most 20 characters: shorten the number.</source>
        <translation>Stripe accepte au plus 20&#xa0;caractères&#xa0;: raccourcissez le numéro.</translation>
    </message>
    <message>
        <source>Enter the street address, or clear the whole address.</source>
        <translation>Entrez l&apos;adresse municipale, ou effacez toute l&apos;adresse.</translation>
    </message>
    <message>
        <source>Enter the city, or clear the whole address.</source>
        <translation>Entrez la ville, ou effacez toute l&apos;adresse.</translation>
    </message>
    <message>
        <source>Choose the province, or clear the whole address.</source>
        <translation>Choisissez la province, ou effacez toute l&apos;adresse.</translation>
    </message>
    <message>
        <source>Enter the postal code, or clear the whole address.</source>
        <translation>Entrez le code postal, ou effacez toute l&apos;adresse.</translation>
    </message>
    <message>
        <source>This value isn&apos;t accepted.</source>
        <translation>Cette valeur n&apos;est pas acceptée.</translation>
    </message>
</context>
<context>
    <name>LateCancellation</name>
    <message>
        <source>Late cancellation</source>
        <translation>Annulation tardive</translation>
    </message>
    <message>
        <source>This appointment is inside the clinic&apos;s cancellation notice.</source>
        <translation>Ce rendez-vous est dans le délai d’annulation de la clinique.</translation>
    </message>
    <message>
        <source>Record it as a late cancellation? Either way its time becomes free for another booking.</source>
        <translation>L’inscrire comme annulation tardive&#xa0;? Dans les deux cas, sa plage redevient libre pour une autre réservation.</translation>
    </message>
    <message>
        <source>Mark as &amp;late cancellation</source>
        <translation>Inscrire comme &amp;annulation tardive</translation>
    </message>
    <message>
        <source>Cancel &amp;without a fee</source>
        <translation>Annuler &amp;sans frais</translation>
    </message>
    <message>
        <source>&amp;Keep the appointment</source>
        <translation>&amp;Garder le rendez-vous</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Owl Desktop</source>
        <translation>Owl Desktop</translation>
    </message>
    <message>
        <source>Search for a client on the left, or create one with New client (Ctrl+N).</source>
        <translation>Recherchez un client à gauche, ou créez-en un avec Nouveau client (Ctrl+N).</translation>
    </message>
    <message>
        <source>New client</source>
        <translation>Nouveau client</translation>
    </message>
    <message>
        <source>Create a client (Ctrl+N)</source>
        <translation>Créer un client (Ctrl+N)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Owl Desktop – Sandbox</source>
        <translation>Owl Desktop – Bac à sable</translation>
    </message>
    <message>
        <source>About Owl Desktop</source>
        <translation>À propos d&apos;Owl Desktop</translation>
    </message>
    <message>
        <source>Owl Desktop keeps clients&apos; payment methods on file for the clinic&apos;s front desk. Card and bank details are typed only into Stripe&apos;s own fields.</source>
        <translation>Owl Desktop garde au dossier les modes de paiement des clients pour l&apos;accueil de la clinique. Les numéros de carte et de compte bancaire sont saisis uniquement dans les champs de Stripe.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New client…</source>
        <translation>&amp;Nouveau client…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>&amp;Clients</translation>
    </message>
    <message>
        <source>&amp;Find client</source>
        <translation>&amp;Rechercher un client</translation>
    </message>
    <message>
        <source>&amp;Edit contact details…</source>
        <translation>&amp;Modifier les coordonnées…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Owl Desktop</source>
        <translation>À &amp;propos d&apos;Owl Desktop</translation>
    </message>
</context>
<context>
    <name>NewInvoiceDialog</name>
    <message>
        <source>&amp;Create invoice</source>
        <translation>&amp;Créer la facture</translation>
    </message>
    <message>
        <source>New invoice</source>
        <translation>Nouvelle facture</translation>
    </message>
    <message>
        <source>Other (describe it)</source>
        <translation>Autre (décrivez-le)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation>&amp;Service&#xa0;:</translation>
    </message>
    <message>
        <source>Practi&amp;tioner:</source>
        <translation>Pra&amp;ticien·ne&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>Dat&amp;e:</source>
        <translation>Dat&amp;e&#xa0;:</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Clinic administrator</source>
        <translation>Administrateur de la clinique</translation>
    </message>
    <message>
        <source>Set the clinic administrator&apos;s passphrase first. It is asked before refunds and changes to Settings → Payments, at every desk, and can be changed there with the current one. Keep it safe: if it is forgotten, nobody at a desk can recover it. Whoever manages the clinic&apos;s database can clear it with the command owl-desktop reset-admin-passphrase (recorded in the administrator&apos;s history); the next change then sets a new one.</source>
        <translation>Définissez d’abord la phrase secrète de l’administrateur de la clinique. Elle est demandée avant les remboursements et les modifications de Paramètres → Paiements, à tous les postes, et peut y être changée avec la phrase actuelle. Conservez-la en lieu sûr&#xa0;: si elle est oubliée, personne ne peut la retrouver à un poste. La personne qui gère la base de données de la clinique peut l’effacer avec la commande owl-desktop reset-admin-passphrase (ce qui est inscrit dans l’historique de l’administrateur)&#xa0;; la prochaine modification en définit alors une nouvelle.</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Phrase secrète&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Encore&#xa0;:</translation>
    </message>
    <message>
        <source>The passphrase must have at least {n} characters.</source>
        <translation>La phrase secrète doit comporter au moins {n} caractères.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases secrètes diffèrent.</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Entrez la phrase secrète.</translation>
    </message>
</context>
<context>
    <name>PaymentFailure</name>
    <message>
        <source>Ask the client for another card.</source>
        <translation>Demandez au client une autre carte.</translation>
    </message>
    <message>
        <source>Ask the client to call their bank, or for another card.</source>
        <translation>Demandez au client d’appeler sa banque ou de fournir une autre carte.</translation>
    </message>
    <message>
        <source>Try again. If it fails again, ask the client to call their bank, or for another card.</source>
        <translation>Réessayez. Si l’échec se répète, demandez au client d’appeler sa banque ou de fournir une autre carte.</translation>
    </message>
    <message>
        <source>Check it with the client and try again.</source>
        <translation>Vérifiez-le avec le client, puis réessayez.</translation>
    </message>
    <message>
        <source>Wait a moment, then try again.</source>
        <translation>Patientez un instant, puis réessayez.</translation>
    </message>
    <message>
        <source>The card was declined. The bank gave no reason.</source>
        <translation>La carte a été refusée. La banque n’a pas donné de raison.</translation>
    </message>
    <message>
        <source>Stripe couldn&apos;t save this payment method.</source>
        <translation>Stripe n’a pas pu enregistrer ce mode de paiement.</translation>
    </message>
    <message>
        <source>Check the details and try again.</source>
        <translation>Vérifiez les renseignements, puis réessayez.</translation>
    </message>
    <message>
        <source>The bank asks the cardholder to confirm this card (3-D Secure).</source>
        <translation>La banque demande au titulaire de confirmer cette carte (3-D Secure).</translation>
    </message>
    <message>
        <source>Try again with the client present to confirm it, or use another card.</source>
        <translation>Réessayez en présence du client pour qu’il la confirme, ou utilisez une autre carte.</translation>
    </message>
    <message>
        <source>The card wasn&apos;t confirmed: the bank&apos;s 3-D Secure check failed or was cancelled.</source>
        <translation>La carte n’a pas été confirmée&#xa0;: la vérification 3-D Secure de la banque a échoué ou a été annulée.</translation>
    </message>
    <message>
        <source>Try again with the client, or use another card.</source>
        <translation>Réessayez avec le client, ou utilisez une autre carte.</translation>
    </message>
    <message>
        <source>The bank couldn&apos;t approve the card right now.</source>
        <translation>La banque n’a pas pu approuver la carte pour le moment.</translation>
    </message>
    <message>
        <source>An error occurred while the card was processed.</source>
        <translation>Une erreur s’est produite pendant le traitement de la carte.</translation>
    </message>
    <message>
        <source>The card is over its limit.</source>
        <translation>La carte a dépassé sa limite.</translation>
    </message>
    <message>
        <source>This card can&apos;t be used for this kind of payment.</source>
        <translation>Cette carte ne peut pas servir à ce type de paiement.</translation>
    </message>
    <message>
        <source>The card number is incorrect.</source>
        <translation>Le numéro de carte est erroné.</translation>
    </message>
    <message>
        <source>The security code (CVC) is incorrect.</source>
        <translation>Le code de sécurité (CVC) est erroné.</translation>
    </message>
    <message>
        <source>The expiry date is incorrect.</source>
        <translation>La date d’expiration est erronée.</translation>
    </message>
    <message>
        <source>The bank asks for the card&apos;s PIN, which can&apos;t be entered here.</source>
        <translation>La banque demande le NIP de la carte, qui ne peut pas être saisi ici.</translation>
    </message>
    <message>
        <source>The card or its account is no longer valid.</source>
        <translation>La carte ou son compte n’est plus valide.</translation>
    </message>
    <message>
        <source>The card&apos;s bank couldn&apos;t be reached.</source>
        <translation>La banque de la carte est injoignable.</translation>
    </message>
    <message>
        <source>This card can&apos;t pay in Canadian dollars.</source>
        <translation>Cette carte ne peut pas payer en dollars canadiens.</translation>
    </message>
    <message>
        <source>The card has insufficient funds.</source>
        <translation>Les fonds de la carte sont insuffisants.</translation>
    </message>
    <message>
        <source>The bank saw the same payment a moment ago.</source>
        <translation>La banque a reçu le même paiement il y a un instant.</translation>
    </message>
    <message>
        <source>Check whether it already went through before trying again.</source>
        <translation>Vérifiez s’il est déjà passé avant de réessayer.</translation>
    </message>
    <message>
        <source>The card has expired.</source>
        <translation>La carte est expirée.</translation>
    </message>
    <message>
        <source>The postal code doesn&apos;t match the card&apos;s billing address.</source>
        <translation>Le code postal ne correspond pas à l’adresse de facturation de la carte.</translation>
    </message>
    <message>
        <source>The address doesn&apos;t match the card&apos;s billing address.</source>
        <translation>L’adresse ne correspond pas à l’adresse de facturation de la carte.</translation>
    </message>
    <message>
        <source>Too many wrong PINs were tried with this card.</source>
        <translation>Trop de NIP erronés ont été essayés avec cette carte.</translation>
    </message>
    <message>
        <source>The bank refused the amount.</source>
        <translation>La banque a refusé le montant.</translation>
    </message>
    <message>
        <source>This is one of Stripe&apos;s test cards: it works only in test mode.</source>
        <translation>C’est une carte de test de Stripe&#xa0;: elle ne fonctionne qu’en mode test.</translation>
    </message>
    <message>
        <source>Use a real card.</source>
        <translation>Utilisez une vraie carte.</translation>
    </message>
    <message>
        <source>The card number is incomplete.</source>
        <translation>Le numéro de carte est incomplet.</translation>
    </message>
    <message>
        <source>The expiry date is incomplete.</source>
        <translation>La date d’expiration est incomplète.</translation>
    </message>
    <message>
        <source>The security code (CVC) is incomplete.</source>
        <translation>Le code de sécurité (CVC) est incomplet.</translation>
    </message>
    <message>
        <source>The expiry date is in the past.</source>
        <translation>La date d’expiration est passée.</translation>
    </message>
    <message>
        <source>The bank account wasn&apos;t added: Stripe&apos;s window was closed before the agreement was accepted.</source>
        <translation>Le compte bancaire n’a pas été ajouté&#xa0;: la fenêtre de Stripe a été fermée avant l’acceptation de l’accord.</translation>
    </message>
    <message>
        <source>Try again when the client is ready.</source>
        <translation>Réessayez quand le client sera prêt.</translation>
    </message>
    <message>
        <source>This setup was already finished or cancelled.</source>
        <translation>Cette configuration est déjà terminée ou annulée.</translation>
    </message>
    <message>
        <source>Close this window and add the payment method again.</source>
        <translation>Fermez cette fenêtre et ajoutez de nouveau le mode de paiement.</translation>
    </message>
    <message>
        <source>Stripe is receiving too many requests right now.</source>
        <translation>Stripe reçoit trop de requêtes en ce moment.</translation>
    </message>
    <message>
        <source>Stripe can&apos;t be reached.</source>
        <translation>Stripe est injoignable.</translation>
    </message>
    <message>
        <source>Check the internet connection and try again.</source>
        <translation>Vérifiez la connexion Internet et réessayez.</translation>
    </message>
    <message>
        <source>Stripe had a problem with this request.</source>
        <translation>Stripe a eu un problème avec cette requête.</translation>
    </message>
</context>
<context>
    <name>PaymentMethodListView</name>
    <message>
        <source>Payment methods</source>
        <translation>Modes de paiement</translation>
    </message>
    <message>
        <source>No payment methods on file.</source>
        <translation>Aucun mode de paiement au dossier.</translation>
    </message>
</context>
<context>
    <name>PaymentMethodRow</name>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>Set as &amp;default</source>
        <translation>Définir par &amp;défaut</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Retirer…</translation>
    </message>
    <message>
        <source>Can&apos;t be edited: remove it and add it again</source>
        <translation>Ne peut pas être modifié&#xa0;: retirez-le et ajoutez-le de nouveau</translation>
    </message>
    <message>
        <source>Expires {date}</source>
        <translation>Expire le {date}</translation>
    </message>
    <message>
        <source>Actions for {method}</source>
        <translation>Actions pour {method}</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Details shown. Press Enter to hide them. Press the Menu key for actions.</source>
        <translation>Détails affichés. Appuyez sur Entrée pour les masquer. Appuyez sur la touche Menu pour les actions.</translation>
    </message>
    <message>
        <source>Press Enter to show details. Press the Menu key for actions.</source>
        <translation>Appuyez sur Entrée pour afficher les détails. Appuyez sur la touche Menu pour les actions.</translation>
    </message>
</context>
<context>
    <name>PaymentMethodTexts</name>
    <message>
        <source>Account holder</source>
        <translation>Titulaire du compte</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Banque</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Expiration</translation>
    </message>
    <message>
        <source>Billing address</source>
        <translation>Adresse de facturation</translation>
    </message>
    <message>
        <source>Name on card</source>
        <translation>Nom sur la carte</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>Non fourni</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Visa</source>
        <translation>Visa</translation>
    </message>
    <message>
        <source>Mastercard</source>
        <translation>Mastercard</translation>
    </message>
    <message>
        <source>American Express</source>
        <translation>American Express</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>Discover</translation>
    </message>
    <message>
        <source>Diners Club</source>
        <translation>Diners Club</translation>
    </message>
    <message>
        <source>JCB</source>
        <translation>JCB</translation>
    </message>
    <message>
        <source>UnionPay</source>
        <translation>UnionPay</translation>
    </message>
    <message>
        <source>eftpos</source>
        <translation>eftpos</translation>
    </message>
    <message>
        <source>Cartes Bancaires</source>
        <translation>Cartes Bancaires</translation>
    </message>
    <message>
        <source>Interac</source>
        <translation>Interac</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
    <message>
        <source>Expires soon</source>
        <translation>Expire bientôt</translation>
    </message>
    <message>
        <source>Pending verification</source>
        <translation>Vérification en attente</translation>
    </message>
    <message>
        <source>Pending sync</source>
        <translation>Synchronisation en attente</translation>
    </message>
    <message>
        <source>Removal pending sync</source>
        <translation>Retrait en attente de synchronisation</translation>
    </message>
    <message>
        <source>Waiting for verification: Stripe sends two small deposits to this account and the client confirms their amounts. Until then it can&apos;t be charged or made the default.</source>
        <translation>En attente de vérification&#xa0;: Stripe verse deux petits dépôts dans ce compte et le client en confirme les montants. D&apos;ici là, il ne peut être ni débité ni choisi par défaut.</translation>
    </message>
    <message>
        <source>Stripe sends two small deposits to this account within 1–2 business days and emails the client how to confirm their amounts. The account can be charged and made the default once they are confirmed.</source>
        <translation>Stripe verse deux petits dépôts dans ce compte d&apos;ici 1 à 2 jours ouvrables et explique au client, par courriel, comment en confirmer les montants. Le compte pourra être débité et choisi par défaut une fois qu&apos;ils seront confirmés.</translation>
    </message>
    <message>
        <source>Set as default (once verified)</source>
        <translation>Définir par défaut (une fois vérifié)</translation>
    </message>
    <message>
        <source>Set as default (expired)</source>
        <translation>Définir par défaut (expirée)</translation>
    </message>
    <message>
        <source>This card has expired and can&apos;t be charged.</source>
        <translation>Cette carte est expirée et ne peut pas être débitée.</translation>
    </message>
    <message>
        <source>This card expires this month or next.</source>
        <translation>Cette carte expire ce mois-ci ou le mois prochain.</translation>
    </message>
    <message>
        <source>Changed on this desk; it will reach Stripe when the connection is back.</source>
        <translation>Modifié sur ce poste; Stripe sera mis à jour au retour de la connexion.</translation>
    </message>
    <message>
        <source>Removed on this desk, not yet at Stripe: it is sent as soon as the connection is back, and the row then goes away.</source>
        <translation>Retiré à ce poste, mais pas encore chez Stripe&#xa0;: le retrait est envoyé dès le retour de la connexion, puis la ligne disparaît.</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>Compte bancaire</translation>
    </message>
    <message>
        <source>{title} ending in {last4}</source>
        <translation>{title} se terminant par {last4}</translation>
    </message>
    <message>
        <source>expires {date}</source>
        <translation>expire le {date}</translation>
    </message>
    <message>
        <source>default</source>
        <translation>par défaut</translation>
    </message>
</context>
<context>
    <name>PaymentMethodsSection</name>
    <message>
        <source>Payment Methods</source>
        <translation>Modes de paiement</translation>
    </message>
    <message>
        <source>&amp;Add payment method…</source>
        <translation>A&amp;jouter un mode de paiement…</translation>
    </message>
    <message>
        <source>Payment methods can&apos;t be edited: to change one, remove it and add it again.</source>
        <translation>Les modes de paiement ne peuvent pas être modifiés&#xa0;: pour en changer un, retirez-le et ajoutez-le de nouveau.</translation>
    </message>
    <message>
        <source>Connect Stripe (Settings → Stripe…) to see and manage this client&apos;s payment methods.</source>
        <translation>Connectez Stripe (Paramètres → Stripe…) pour voir et gérer les modes de paiement de ce client.</translation>
    </message>
    <message>
        <source>Set as default</source>
        <translation>Définir par défaut</translation>
    </message>
    <message>
        <source>Remove payment method</source>
        <translation>Retirer le mode de paiement</translation>
    </message>
    <message>
        <source>Remove {method}?</source>
        <translation>Retirer {method}?</translation>
    </message>
    <message>
        <source>Removal is permanent: Stripe deletes the method (at once, or as soon as this desk is back online) and it can&apos;t be brought back. To use it again, it must be added again.</source>
        <translation>Le retrait est définitif&#xa0;: Stripe supprime le mode de paiement (aussitôt, ou dès que ce poste est de nouveau en ligne) et il ne peut pas être récupéré. Pour l&apos;utiliser de nouveau, il faut l&apos;ajouter de nouveau.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>This is the default method: until another default is chosen, autopay is paused for this client.</source>
        <translation>C&apos;est le mode par défaut&#xa0;: tant qu&apos;un autre mode par défaut n&apos;est pas choisi, le paiement automatique est suspendu pour ce client.</translation>
    </message>
    <message>
        <source>Autopay</source>
        <translation>Paiement automatique</translation>
    </message>
    <message>
        <source>Connect Stripe in Settings to add payment methods.</source>
        <translation>Connectez Stripe dans les paramètres pour ajouter des modes de paiement.</translation>
    </message>
    <message>
        <source>Add payment method (offline)</source>
        <translation>Ajouter un mode de paiement (hors ligne)</translation>
    </message>
    <message>
        <source>Adding a payment method needs Stripe, and this desk can&apos;t reach it now. Try again when the status bar shows Online.</source>
        <translation>L&apos;ajout d&apos;un mode de paiement nécessite Stripe, et ce poste ne peut pas le joindre pour l&apos;instant. Réessayez lorsque la barre d&apos;état affiche En ligne.</translation>
    </message>
    <message>
        <source>Add a credit card or a bank account for this client.</source>
        <translation>Ajouter une carte de crédit ou un compte bancaire pour ce client.</translation>
    </message>
</context>
<context>
    <name>PaymentSettingsDialog</name>
    <message>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation>&amp;Devise&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;No-show fee:</source>
        <translation>Frais d’&amp;absence&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Late cancellation fee:</source>
        <translation>Frais d’annulation &amp;tardive&#xa0;:</translation>
    </message>
    <message>
        <source>Clinic &amp;address (receipts):</source>
        <translation>Adresse de la &amp;clinique (reçus)&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;GST/HST number:</source>
        <translation>Numéro de TPS/T&amp;VH&#xa0;:</translation>
    </message>
    <message>
        <source>A no-show or a late cancellation makes an invoice for its fee; leave a fee at “No fee” to charge nothing. Receipts print the clinic’s address and GST/HST number.</source>
        <translation>Une absence ou une annulation tardive crée une facture de ses frais&#xa0;; laissez des frais à «&#xa0;Aucuns frais&#xa0;» pour ne rien facturer. Les reçus impriment l’adresse de la clinique et son numéro de TPS/TVH.</translation>
    </message>
    <message>
        <source>No fee</source>
        <translation>Aucuns frais</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>C’est trop long.</translation>
    </message>
    <message>
        <source>Not a GST/HST number: type it as 123456789 RT 0001.</source>
        <translation>Ce n’est pas un numéro de TPS/TVH&#xa0;: tapez-le comme 123456789 RT 0001.</translation>
    </message>
    <message>
        <source>Check this value.</source>
        <translation>Vérifiez cette valeur.</translation>
    </message>
</context>
<context>
    <name>PortalAccessBox</name>
    <message>
        <source>Portal access</source>
        <translation>Accès au portail</translation>
    </message>
    <message>
        <source>&amp;Give portal access</source>
        <translation>&amp;Donner l’accès au portail</translation>
    </message>
    <message>
        <source>New &amp;link</source>
        <translation>Nouveau &amp;lien</translation>
    </message>
    <message>
        <source>A new invitation link; earlier links stop working</source>
        <translation>Un nouveau lien d’invitation&#xa0;; les liens précédents cessent de fonctionner</translation>
    </message>
    <message>
        <source>Re&amp;voke access</source>
        <translation>Ré&amp;voquer l’accès</translation>
    </message>
    <message>
        <source>E&amp;mail the invitation</source>
        <translation>Envoyer l’&amp;invitation par courriel</translation>
    </message>
    <message>
        <source>Email a new invitation link to the client; earlier links stop working</source>
        <translation>Envoyer un nouveau lien d’invitation au client par courriel; les liens précédents cessent de fonctionner</translation>
    </message>
    <message>
        <source>Invitation link</source>
        <translation>Lien d’invitation</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>Co&amp;pier le lien</translation>
    </message>
    <message>
        <source>QR code of the invitation link</source>
        <translation>Code QR du lien d’invitation</translation>
    </message>
    <message>
        <source>Invitation emailed to {address}. The link can also be copied or scanned; it can be used once, until {date}.</source>
        <translation>Invitation envoyée à {address}. Le lien peut aussi être copié ou scanné; il peut être utilisé une seule fois, jusqu’au {date}.</translation>
    </message>
    <message>
        <source>The invitation wasn&apos;t emailed: {reason} Give the client this link, or let them scan the code; it can be used once, until {date}.</source>
        <translation>L’invitation n’a pas été envoyée par courriel&#xa0;: {reason} Donnez ce lien au client, ou laissez-le scanner le code; il peut être utilisé une seule fois, jusqu’au {date}.</translation>
    </message>
    <message>
        <source>Revoke portal access</source>
        <translation>Révoquer l’accès au portail</translation>
    </message>
    <message>
        <source>{name} will no longer be able to sign in to the client portal, and their links stop working. Revoke access?</source>
        <translation>{name} ne pourra plus se connecter au portail client, et ses liens cesseront de fonctionner. Révoquer l’accès&#xa0;?</translation>
    </message>
    <message>
        <source>Link copied. It can be used once, until {date}.</source>
        <translation>Lien copié. Il peut servir une seule fois, jusqu’au {date}.</translation>
    </message>
    <message>
        <source>No invitation yet: the portal&apos;s public address isn&apos;t set. Set it in Settings → Online portal.</source>
        <translation>Aucune invitation pour l’instant&#xa0;: l’adresse publique du portail n’est pas définie. Définissez-la dans Paramètres → Portail en ligne.</translation>
    </message>
    <message>
        <source>Give this link to the client, or let them scan the code. It can be used once, until {date}.</source>
        <translation>Donnez ce lien au client, ou faites-lui balayer le code. Il peut servir une seule fois, jusqu’au {date}.</translation>
    </message>
    <message>
        <source>No invitation: another client with portal access uses this email address. Each client signs in with their own email.</source>
        <translation>Aucune invitation&#xa0;: un autre client ayant accès au portail utilise cette adresse courriel. Chaque client se connecte avec son propre courriel.</translation>
    </message>
    <message>
        <source>No invitation: this client has no valid email address, which they would sign in with. Add one with Edit…, then give access.</source>
        <translation>Aucune invitation&#xa0;: ce client n’a pas d’adresse courriel valide, qui lui servirait à se connecter. Ajoutez-en une avec Modifier…, puis donnez l’accès.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>No portal access.</source>
        <translation>Aucun accès au portail.</translation>
    </message>
    <message>
        <source>Invited: the client hasn&apos;t set a password yet.</source>
        <translation>Invité&#xa0;: le client n’a pas encore choisi de mot de passe.</translation>
    </message>
    <message>
        <source>Has portal access; hasn&apos;t signed in yet.</source>
        <translation>A accès au portail&#xa0;; ne s’est pas encore connecté.</translation>
    </message>
    <message>
        <source>Has portal access. Last signed in: {when}.</source>
        <translation>A accès au portail. Dernière connexion&#xa0;: {when}.</translation>
    </message>
</context>
<context>
    <name>PortalSettingsDialog</name>
    <message>
        <source>Online portal</source>
        <translation>Portail en ligne</translation>
    </message>
    <message>
        <source>Clients sign in to the online portal to see their payment methods and add their own. Invitation links and QR codes point at its public address.</source>
        <translation>Les clients se connectent au portail en ligne pour voir leurs modes de paiement et ajouter les leurs. Les liens d’invitation et les codes QR mènent à son adresse publique.</translation>
    </message>
    <message>
        <source>&amp;Public address:</source>
        <translation>Adresse &amp;publique&#xa0;:</translation>
    </message>
    <message>
        <source>Clinic &amp;name:</source>
        <translation>&amp;Nom de la clinique&#xa0;:</translation>
    </message>
    <message>
        <source>Clinic &amp;contact:</source>
        <translation>&amp;Coordonnées de la clinique&#xa0;:</translation>
    </message>
    <message>
        <source>Email &amp;sender:</source>
        <translation>E&amp;xpéditeur des courriels&#xa0;:</translation>
    </message>
    <message>
        <source>The contact (phone, address, hours) is shown to clients on the portal&apos;s pages.</source>
        <translation>Les coordonnées (téléphone, adresse, heures) sont affichées aux clients sur les pages du portail.</translation>
    </message>
    <message>
        <source>At most {n} characters.</source>
        <translation>Au plus {n} caractères.</translation>
    </message>
    <message>
        <source>The portal&apos;s address must start with https:// (it is reached over the internet).</source>
        <translation>L’adresse du portail doit commencer par https:// (on y accède par Internet).</translation>
    </message>
    <message>
        <source>Not a web address: type it as https://portal.example.com</source>
        <translation>Ce n’est pas une adresse Web&#xa0;: tapez-la sous la forme https://portail.exemple.com</translation>
    </message>
    <message>
        <source>Not an email address: type it as portal@example.com</source>
        <translation>Ce n’est pas une adresse courriel&#xa0;: tapez-la sous la forme portail@exemple.com</translation>
    </message>
</context>
<context>
    <name>PortalUi</name>
    <message>
        <source>&amp;Online portal…</source>
        <translation>Portail en &amp;ligne…</translation>
    </message>
    <message>
        <source>Open client &amp;portal</source>
        <translation>Ouvrir le &amp;portail client</translation>
    </message>
    <message>
        <source>Open the client portal in the web browser</source>
        <translation>Ouvrir le portail client dans le navigateur Web</translation>
    </message>
    <message>
        <source>Open client portal</source>
        <translation>Ouvrir le portail client</translation>
    </message>
    <message>
        <source>The portal&apos;s public address isn&apos;t set. An administrator sets it in Settings → Online portal.</source>
        <translation>L’adresse publique du portail n’est pas définie. Un administrateur la définit dans Paramètres → Portail en ligne.</translation>
    </message>
</context>
<context>
    <name>PractitionersDialog</name>
    <message>
        <source>Practitioners</source>
        <translation>Praticiens</translation>
    </message>
    <message>
        <source>Takes &amp;online bookings</source>
        <translation>Accepte les réservations en &amp;ligne</translation>
    </message>
    <message>
        <source>Takes appointments</source>
        <translation>Accepte des rendez-vous</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Re&amp;gistration number:</source>
        <translation>Numéro d’&amp;inscription&#xa0;:</translation>
    </message>
    <message>
        <source>Se&amp;rvices:</source>
        <translation>Se&amp;rvices&#xa0;:</translation>
    </message>
    <message>
        <source>e.g. 09:00-12:00, 13:00-17:00</source>
        <translation>p. ex. 09:00-12:00, 13:00-17:00</translation>
    </message>
    <message>
        <source>{day}:</source>
        <translation>{day}&#xa0;:</translation>
    </message>
    <message>
        <source>e.g. 2030-12-24, 2030-12-26</source>
        <translation>p. ex. 2030-12-24, 2030-12-26</translation>
    </message>
    <message>
        <source>Days &amp;off:</source>
        <translation>Jours de &amp;congé&#xa0;:</translation>
    </message>
</context>
<context>
    <name>ProfileHeader</name>
    <message>
        <source>On</source>
        <translation>Activé</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Default method: {method}</source>
        <translation>Mode par défaut&#xa0;: {method}</translation>
    </message>
    <message>
        <source>No default payment method</source>
        <translation>Aucun mode de paiement par défaut</translation>
    </message>
    <message>
        <source>Autopay: {state}</source>
        <translation>Paiement automatique&#xa0;: {state}</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>Contact &amp;&amp; Clinic</source>
        <translation>Contact et clinique</translation>
    </message>
</context>
<context>
    <name>Province</name>
    <message>
        <source>Alberta</source>
        <translation>Alberta</translation>
    </message>
    <message>
        <source>British Columbia</source>
        <translation>Colombie-Britannique</translation>
    </message>
    <message>
        <source>Manitoba</source>
        <translation>Manitoba</translation>
    </message>
    <message>
        <source>New Brunswick</source>
        <translation>Nouveau-Brunswick</translation>
    </message>
    <message>
        <source>Newfoundland and Labrador</source>
        <translation>Terre-Neuve-et-Labrador</translation>
    </message>
    <message>
        <source>Nova Scotia</source>
        <translation>Nouvelle-Écosse</translation>
    </message>
    <message>
        <source>Northwest Territories</source>
        <translation>Territoires du Nord-Ouest</translation>
    </message>
    <message>
        <source>Nunavut</source>
        <translation>Nunavut</translation>
    </message>
    <message>
        <source>Ontario</source>
        <translation>Ontario</translation>
    </message>
    <message>
        <source>Prince Edward Island</source>
        <translation>Île-du-Prince-Édouard</translation>
    </message>
    <message>
        <source>Quebec</source>
        <translation>Québec</translation>
    </message>
    <message>
        <source>Saskatchewan</source>
        <translation>Saskatchewan</translation>
    </message>
    <message>
        <source>Yukon</source>
        <translation>Yukon</translation>
    </message>
</context>
<context>
    <name>RecordPaymentDialog</name>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Record payment</source>
        <translation>Enregistrer un paiement</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Comptant</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Chèque</translation>
    </message>
    <message>
        <source>E-transfer</source>
        <translation>Virement Interac</translation>
    </message>
    <message>
        <source>Cheque number, transfer reference</source>
        <translation>Numéro du chèque, référence du virement</translation>
    </message>
    <message>
        <source>Invoice {number}: {amount} due.</source>
        <translation>Facture {number}&#xa0;: {amount} dû.</translation>
    </message>
    <message>
        <source>Paid &amp;by:</source>
        <translation>Payé &amp;par&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>Re&amp;ference:</source>
        <translation>Ré&amp;férence&#xa0;:</translation>
    </message>
    <message>
        <source>Received &amp;on:</source>
        <translation>Reçu &amp;le&#xa0;:</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>Payment of {amount} ({method}); up to {left} can be refunded.</source>
        <translation>Paiement de {amount} ({method})&#xa0;; jusqu’à {left} peut être remboursé.</translation>
    </message>
    <message>
        <source>Requested by the client</source>
        <translation>Demandé par le client</translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation>Débité deux fois</translation>
    </message>
    <message>
        <source>Fraudulent</source>
        <translation>Frauduleux</translation>
    </message>
    <message>
        <source>Other (say why below)</source>
        <translation>Autre (précisez ci-dessous)</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>M&amp;otif&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note&#xa0;:</translation>
    </message>
    <message>
        <source>Administrator&apos;s &amp;passphrase:</source>
        <translation>&amp;Phrase secrète de l’administrateur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Refund</source>
        <translation>&amp;Rembourser</translation>
    </message>
</context>
<context>
    <name>RefundablePaymentsDialog</name>
    <message>
        <source>Refund a payment</source>
        <translation>Rembourser un paiement</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>&amp;Rembourser…</translation>
    </message>
    <message>
        <source>{client} — {amount} on {date} ({method}); {left} refundable</source>
        <translation>{client} — {amount} le {date} ({method})&#xa0;; {left} remboursable</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Booking rules</source>
        <translation>Règles de réservation</translation>
    </message>
    <message>
        <source>On the hour</source>
        <translation>À l’heure juste</translation>
    </message>
    <message>
        <source>On the hour or half hour</source>
        <translation>À l’heure ou à la demie</translation>
    </message>
    <message>
        <source>Back to back, with a set break</source>
        <translation>À la suite, avec une pause fixe</translation>
    </message>
    <message>
        <source> min</source>
        <translation>&#xa0;min</translation>
    </message>
    <message>
        <source> days</source>
        <translation>&#xa0;jours</translation>
    </message>
    <message>
        <source> h</source>
        <translation>&#xa0;h</translation>
    </message>
    <message>
        <source>Sessions &amp;start:</source>
        <translation>Les séances &amp;commencent&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Break between sessions:</source>
        <translation>&amp;Pause entre les séances&#xa0;:</translation>
    </message>
    <message>
        <source>Clients may book up to:</source>
        <translation>Les clients peuvent réserver jusqu’à&#xa0;:</translation>
    </message>
    <message>
        <source>Clients must book at least:</source>
        <translation>Les clients doivent réserver au moins&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Cancellation notice:</source>
        <translation>&amp;Préavis d’annulation&#xa0;:</translation>
    </message>
    <message>
        <source>Clinic&apos;s &amp;time zone:</source>
        <translation>&amp;Fuseau horaire de la clinique&#xa0;:</translation>
    </message>
</context>
<context>
    <name>RunAutopayDialog</name>
    <message>
        <source>Run autopay now</source>
        <translation>Exécuter le paiement automatique maintenant</translation>
    </message>
    <message>
        <source>Charging open invoices of enrolled clients to their default method…</source>
        <translation>Débit des factures ouvertes des clients inscrits sur leur mode par défaut…</translation>
    </message>
    <message numerus="yes">
        <source>Charging %n open invoice(s) of enrolled clients to their default method…</source>
        <translation>
            <numerusform>Débit de %n facture ouverte des clients inscrits sur leur mode par défaut…</numerusform>
            <numerusform>Débit de %n factures ouvertes des clients inscrits sur leur mode par défaut…</numerusform>
        </translation>
    </message>
    <message>
        <source>Invoice {number} ({amount}): {what}</source>
        <translation>Facture {number} ({amount})&#xa0;: {what}</translation>
    </message>
    <message>
        <source>Autopay is already running at another desk or on the server (a run that stopped unfinished, e.g. a desk that was shut down, keeps its turn two minutes more). Nothing was charged here: try again in a few minutes.</source>
        <translation>Le paiement automatique est déjà en cours à un autre poste ou sur le serveur (un traitement interrompu, par exemple par un poste éteint, garde son tour deux minutes de plus). Rien n’a été débité ici&#xa0;: réessayez dans quelques minutes.</translation>
    </message>
    <message>
        <source>Nothing to charge: no open invoice of an enrolled client.</source>
        <translation>Rien à débiter&#xa0;: aucune facture ouverte d’un client inscrit.</translation>
    </message>
    <message numerus="yes">
        <source>%n paid</source>
        <translation>
            <numerusform>%n payée</numerusform>
            <numerusform>%n payées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bank debit(s) sent</source>
        <translation>
            <numerusform>%n prélèvement bancaire envoyé</numerusform>
            <numerusform>%n prélèvements bancaires envoyés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n en échec</numerusform>
            <numerusform>%n en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n ignorée</numerusform>
            <numerusform>%n ignorées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done, %n invoice(s): {counts}.</source>
        <translation>
            <numerusform>Terminé, %n facture&#xa0;: {counts}.</numerusform>
            <numerusform>Terminé, %n factures&#xa0;: {counts}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed payments are listed in Billing → Failed payments.</source>
        <translation>Les paiements échoués sont dans Facturation → Paiements échoués.</translation>
    </message>
    <message numerus="yes">
        <source>%n not sent (Stripe couldn&apos;t be reached), to be sent by the next run.</source>
        <translation>
            <numerusform>%n non envoyée (Stripe était injoignable), qui partira au prochain traitement.</numerusform>
            <numerusform>%n non envoyées (Stripe était injoignable), qui partiront au prochain traitement.</numerusform>
        </translation>
    </message>
    <message>
        <source>Autopay didn&apos;t run.</source>
        <translation>Le paiement automatique ne s’est pas exécuté.</translation>
    </message>
</context>
<context>
    <name>SandboxMenu</name>
    <message>
        <source>San&amp;dbox</source>
        <translation>Bac à &amp;sable</translation>
    </message>
    <message>
        <source>Simulate &amp;offline (this desk)</source>
        <translation>Simuler &amp;hors ligne (ce poste)</translation>
    </message>
    <message>
        <source>&amp;Back online</source>
        <translation>&amp;Retour en ligne</translation>
    </message>
    <message>
        <source>&amp;Complete pending bank verifications</source>
        <translation>&amp;Terminer les vérifications bancaires en attente</translation>
    </message>
    <message>
        <source>&amp;Fast-forward bank debits</source>
        <translation>&amp;Accélérer les prélèvements bancaires</translation>
    </message>
    <message>
        <source>&amp;Reset demo data…</source>
        <translation>Réinitialiser les &amp;données de démonstration…</translation>
    </message>
    <message>
        <source>This desk uses a sandbox started in another program: use that sandbox&apos;s controls.</source>
        <translation>Ce poste utilise un bac à sable lancé par un autre programme&#xa0;: utilisez les commandes de ce bac à sable.</translation>
    </message>
    <message>
        <source>The sandbox didn’t answer: %1</source>
        <translation>Le bac à sable n’a pas répondu&#xa0;: %1</translation>
    </message>
    <message>
        <source>This desk is now offline for Stripe: changes wait as pending sync.</source>
        <translation>Ce poste est maintenant hors ligne pour Stripe&#xa0;: les modifications attendent la synchronisation.</translation>
    </message>
    <message>
        <source>This desk is back online: waiting changes are being sent.</source>
        <translation>Ce poste est de nouveau en ligne&#xa0;: les modifications en attente sont envoyées.</translation>
    </message>
    <message numerus="yes">
        <source>Bank accounts verified: %n.</source>
        <translation>
            <numerusform>Compte bancaire vérifié&#xa0;: %n.</numerusform>
            <numerusform>Comptes bancaires vérifiés&#xa0;: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>No bank account was waiting for verification.</source>
        <translation>Aucun compte bancaire n’attendait de vérification.</translation>
    </message>
    <message numerus="yes">
        <source>Bank debits settled: %n.</source>
        <translation>
            <numerusform>Prélèvement bancaire réglé&#xa0;: %n.</numerusform>
            <numerusform>Prélèvements bancaires réglés&#xa0;: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>No bank debit was processing.</source>
        <translation>Aucun prélèvement bancaire n’était en cours.</translation>
    </message>
    <message>
        <source>Reset demo data</source>
        <translation>Réinitialiser les données de démonstration</translation>
    </message>
    <message>
        <source>Remove every payment method and Stripe customer in the sandbox? The demo clients stay; their payment methods disappear at the next sync. This can’t be undone.</source>
        <translation>Supprimer tous les modes de paiement et les clients Stripe du bac à sable&#xa0;? Les clients de démonstration restent; leurs modes de paiement disparaissent à la prochaine synchronisation. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Sandbox reset: the demo clients have no payment methods now.</source>
        <translation>Bac à sable réinitialisé&#xa0;: les clients de démonstration n’ont plus de mode de paiement.</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>Booked</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <source>Attended</source>
        <translation>Présent</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Late cancellation</source>
        <translation>Annulation tardive</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Lundi</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Mardi</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Mercredi</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Jeudi</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Vendredi</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Samedi</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Dimanche</translation>
    </message>
</context>
<context>
    <name>ScheduleView</name>
    <message>
        <source>Schedule</source>
        <translation>Horaire</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semaine</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Aujourd’hui</translation>
    </message>
    <message>
        <source>&amp;Practitioner:</source>
        <translation>&amp;Praticien·ne&#xa0;:</translation>
    </message>
    <message>
        <source>S&amp;ervice:</source>
        <translation>S&amp;ervice&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Date&#xa0;:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Enter: book or move · M: move · Delete: cancel · A: attended · N: no-show · L: late cancellation</source>
        <translation>Entrée&#xa0;: réserver ou déplacer · M&#xa0;: déplacer · Suppr&#xa0;: annuler · A&#xa0;: présent · N&#xa0;: absent · L&#xa0;: annulation tardive</translation>
    </message>
    <message>
        <source>&amp;Book…</source>
        <translation>&amp;Réserver…</translation>
    </message>
    <message>
        <source>&amp;Move…</source>
        <translation>&amp;Déplacer…</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment</source>
        <translation>&amp;Annuler le rendez-vous</translation>
    </message>
    <message>
        <source>Mark &amp;attended</source>
        <translation>Marquer &amp;présent</translation>
    </message>
    <message>
        <source>Mark &amp;no-show</source>
        <translation>Marquer &amp;absent</translation>
    </message>
    <message>
        <source>Mark &amp;late cancellation</source>
        <translation>Marquer annulation &amp;tardive</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>— free —</source>
        <translation>— libre —</translation>
    </message>
    <message>
        <source> (online)</source>
        <translation> (en ligne)</translation>
    </message>
</context>
<context>
    <name>SchedulingEditor</name>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nouveau</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
</context>
<context>
    <name>SchedulingField</name>
    <message>
        <source>Enter the service&apos;s name in English.</source>
        <translation>Entrez le nom du service en anglais.</translation>
    </message>
    <message>
        <source>Enter the service&apos;s name in French.</source>
        <translation>Entrez le nom du service en français.</translation>
    </message>
    <message>
        <source>Choose a duration between 5 minutes and 8 hours.</source>
        <translation>Choisissez une durée entre 5&#xa0;minutes et 8&#xa0;heures.</translation>
    </message>
    <message>
        <source>Enter a fee between $0 and $10,000.</source>
        <translation>Entrez un tarif entre 0&#xa0;$ et 10&#xa0;000&#xa0;$.</translation>
    </message>
    <message>
        <source>Enter the practitioner&apos;s name.</source>
        <translation>Entrez le nom du praticien ou de la praticienne.</translation>
    </message>
    <message>
        <source>Write each day&apos;s hours like 09:00-17:00, the start before the end.</source>
        <translation>Écrivez les heures de chaque jour comme 09:00-17:00, le début avant la fin.</translation>
    </message>
    <message>
        <source>Two stretches of hours overlap on the same day: join them or correct one.</source>
        <translation>Deux plages horaires se chevauchent le même jour&#xa0;: réunissez-les ou corrigez-en une.</translation>
    </message>
    <message>
        <source>Write the hours like 09:00-17:00, the start before the end.</source>
        <translation>Écrivez les heures comme 09:00-17:00, le début avant la fin.</translation>
    </message>
    <message>
        <source>These hours overlap: join them or correct one.</source>
        <translation>Ces heures se chevauchent&#xa0;: réunissez-les ou corrigez-en une.</translation>
    </message>
    <message>
        <source>Write the dates like 2030-12-24, separated by commas.</source>
        <translation>Écrivez les dates comme 2030-12-24, séparées par des virgules.</translation>
    </message>
    <message>
        <source>Choose a break between 0 and 240 minutes.</source>
        <translation>Choisissez une pause entre 0 et 240&#xa0;minutes.</translation>
    </message>
    <message>
        <source>Choose at most 730 days ahead.</source>
        <translation>Choisissez au plus 730&#xa0;jours à l’avance.</translation>
    </message>
    <message>
        <source>Choose at most 30 days of notice.</source>
        <translation>Choisissez un préavis d’au plus 30&#xa0;jours.</translation>
    </message>
    <message>
        <source>Choose at most 336 hours (two weeks) of notice.</source>
        <translation>Choisissez un préavis d’au plus 336&#xa0;heures (deux semaines).</translation>
    </message>
    <message>
        <source>Choose the clinic&apos;s time zone from the list.</source>
        <translation>Choisissez le fuseau horaire de la clinique dans la liste.</translation>
    </message>
    <message>
        <source>This value isn&apos;t accepted.</source>
        <translation>Cette valeur n’est pas acceptée.</translation>
    </message>
</context>
<context>
    <name>SchedulingUi</name>
    <message>
        <source>Appointments</source>
        <translation>Rendez-vous</translation>
    </message>
    <message>
        <source>&amp;Services…</source>
        <translation>&amp;Services…</translation>
    </message>
    <message>
        <source>&amp;Practitioners…</source>
        <translation>&amp;Praticiens…</translation>
    </message>
    <message>
        <source>&amp;Booking rules…</source>
        <translation>&amp;Règles de réservation…</translation>
    </message>
    <message>
        <source>&amp;Schedule…</source>
        <translation>&amp;Horaire…</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
</context>
<context>
    <name>ServicesDialog</name>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source> min</source>
        <translation>&#xa0;min</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Offert</translation>
    </message>
    <message>
        <source>Name (&amp;English):</source>
        <translation>Nom (&amp;anglais)&#xa0;:</translation>
    </message>
    <message>
        <source>Name (&amp;French):</source>
        <translation>Nom (&amp;français)&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Durée&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Fee (CAD):</source>
        <translation>&amp;Tarif (CAD)&#xa0;:</translation>
    </message>
    <message>
        <source>{name}
{minutes} min, {fee}</source>
        <translation>{name}
{minutes}&#xa0;min, {fee}</translation>
    </message>
</context>
<context>
    <name>SlotPicker</name>
    <message>
        <source>Move to which time?</source>
        <translation>Déplacer à quelle heure&#xa0;?</translation>
    </message>
</context>
<context>
    <name>SmtpSettingsBox</name>
    <message>
        <source>Email</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <source>STARTTLS (usually port 587)</source>
        <translation>STARTTLS (habituellement le port 587)</translation>
    </message>
    <message>
        <source>TLS (usually port 465)</source>
        <translation>TLS (habituellement le port 465)</translation>
    </message>
    <message>
        <source>None (a server on this computer only)</source>
        <translation>Aucune (un serveur sur cet ordinateur seulement)</translation>
    </message>
    <message>
        <source>the sender address</source>
        <translation>l’adresse de l’expéditeur</translation>
    </message>
    <message>
        <source>Send a test &amp;email</source>
        <translation>Envoyer un courriel d’essa&amp;i</translation>
    </message>
    <message>
        <source>SMTP ser&amp;ver:</source>
        <translation>Serveur SM&amp;TP&#xa0;:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort&#xa0;:</translation>
    </message>
    <message>
        <source>Secu&amp;rity:</source>
        <translation>&amp;Sécurité&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d’&amp;utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>Language of &amp;mails:</source>
        <translation>&amp;Langue des courriels&#xa0;:</translation>
    </message>
    <message>
        <source>Mails go out in the client&apos;s language when the portal knows it, else in this one.</source>
        <translation>Les courriels partent dans la langue du client quand le portail la connaît, sinon dans celle-ci.</translation>
    </message>
    <message>
        <source>Send the test &amp;to:</source>
        <translation>&amp;Destinataire de l’essai&#xa0;:</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>enregistré</translation>
    </message>
    <message>
        <source>A password is kept in this computer&apos;s keyring. Type a new one to replace it.</source>
        <translation>Un mot de passe est conservé dans le trousseau de cet ordinateur. Tapez-en un nouveau pour le remplacer.</translation>
    </message>
    <message>
        <source>Kept in this computer&apos;s keyring, never in the database.</source>
        <translation>Conservé dans le trousseau de cet ordinateur, jamais dans la base de données.</translation>
    </message>
    <message>
        <source>Not a server name: type it as smtp.example.com</source>
        <translation>Ce n’est pas un nom de serveur&#xa0;: tapez-le comme smtp.example.com</translation>
    </message>
    <message>
        <source>Without encryption, only a server on this computer (localhost) can be used: choose STARTTLS or TLS.</source>
        <translation>Sans chiffrement, seul un serveur sur cet ordinateur (localhost) peut être utilisé&#xa0;: choisissez STARTTLS ou TLS.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi…</translation>
    </message>
    <message>
        <source>A test email was sent to {address}. Check that it arrived.</source>
        <translation>Un courriel d’essai a été envoyé à {address}. Vérifiez qu’il est arrivé.</translation>
    </message>
    <message>
        <source>Check the highlighted fields.</source>
        <translation>Vérifiez les champs signalés.</translation>
    </message>
    <message>
        <source>The test email couldn&apos;t be sent (see the log).</source>
        <translation>Le courriel d’essai n’a pas pu être envoyé (voir le journal).</translation>
    </message>
</context>
<context>
    <name>StatusIndicators</name>
    <message>
        <source>Connection not checked yet</source>
        <translation>Connexion pas encore vérifiée</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Offline: working from local data</source>
        <translation>Hors ligne&#xa0;: travail avec les données locales</translation>
    </message>
    <message numerus="yes">
        <source>{status} – %n change(s) waiting to sync</source>
        <translation>
            <numerusform>{status} – %n modification à synchroniser</numerusform>
            <numerusform>{status} – %n modifications à synchroniser</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Stripe: sandbox (practice data)</source>
        <translation>Stripe&#xa0;: bac à sable (données d’exercice)</translation>
    </message>
    <message>
        <source>Stripe: test mode</source>
        <translation>Stripe&#xa0;: mode test</translation>
    </message>
    <message>
        <source>Stripe: live</source>
        <translation>Stripe&#xa0;: mode réel</translation>
    </message>
    <message>
        <source>Stripe: not connected</source>
        <translation>Stripe&#xa0;: non connecté</translation>
    </message>
</context>
<context>
    <name>StripeModeDisplay</name>
    <message>
        <source>TEST MODE</source>
        <translation>MODE TEST</translation>
    </message>
    <message>
        <source>Stripe test mode: no real money moves.</source>
        <translation>Stripe en mode test&#xa0;: aucun argent réel ne circule.</translation>
    </message>
</context>
<context>
    <name>StripePopup</name>
    <message>
        <source>Stripe</source>
        <translation>Stripe</translation>
    </message>
</context>
<context>
    <name>StripeSettingsDialog</name>
    <message>
        <source>Enter the publishable key. It starts with pk_live_ or pk_test_.</source>
        <translation>Entrez la clé publiable. Elle commence par pk_live_ ou pk_test_.</translation>
    </message>
    <message>
        <source>Enter the secret key. A restricted key (rk_live_…) is recommended.</source>
        <translation>Entrez la clé secrète. Une clé restreinte (rk_live_…) est recommandée.</translation>
    </message>
    <message>
        <source>The publishable key doesn&apos;t look like a Stripe key. Copy it again from the Stripe Dashboard (Developers → API keys): it starts with pk_live_ or pk_test_.</source>
        <translation>La clé publiable ne ressemble pas à une clé Stripe. Copiez-la de nouveau depuis le tableau de bord Stripe (Développeurs → Clés API)&#xa0;: elle commence par pk_live_ ou pk_test_.</translation>
    </message>
    <message>
        <source>The secret key doesn&apos;t look like a Stripe key. Copy it again in full: a restricted key starts with rk_live_ or rk_test_, a standard secret key with sk_live_ or sk_test_.</source>
        <translation>La clé secrète ne ressemble pas à une clé Stripe. Copiez-la de nouveau en entier&#xa0;: une clé restreinte commence par rk_live_ ou rk_test_, une clé secrète standard par sk_live_ ou sk_test_.</translation>
    </message>
    <message>
        <source>A secret key was pasted in the publishable key field. Move it to the secret key field; the publishable key starts with pk_.</source>
        <translation>Une clé secrète a été collée dans le champ de la clé publiable. Déplacez-la dans le champ de la clé secrète; la clé publiable commence par pk_.</translation>
    </message>
    <message>
        <source>A publishable key was pasted in the secret key field. Enter a restricted key (rk_…) or a secret key (sk_…) there.</source>
        <translation>Une clé publiable a été collée dans le champ de la clé secrète. Entrez-y une clé restreinte (rk_…) ou une clé secrète (sk_…).</translation>
    </message>
    <message>
        <source>One key is a test key and the other a live key. Copy both keys from the same mode of the Stripe Dashboard.</source>
        <translation>Une clé est une clé de test et l’autre une clé de production. Copiez les deux clés depuis le même mode du tableau de bord Stripe.</translation>
    </message>
    <message>
        <source>The two keys belong to different Stripe accounts. Copy both keys from the clinic&apos;s own Stripe account.</source>
        <translation>Les deux clés appartiennent à des comptes Stripe différents. Copiez les deux clés depuis le compte Stripe de la clinique.</translation>
    </message>
    <message>
        <source>Stripe says the secret key has expired or was revoked. Create a new restricted key in the Stripe Dashboard and enter it here.</source>
        <translation>Selon Stripe, la clé secrète est expirée ou a été révoquée. Créez une nouvelle clé restreinte dans le tableau de bord Stripe et entrez-la ici.</translation>
    </message>
    <message>
        <source>Stripe doesn&apos;t recognise the secret key. Check that it was copied in full, or create a new restricted key in the Stripe Dashboard.</source>
        <translation>Stripe ne reconnaît pas la clé secrète. Vérifiez qu’elle a été copiée en entier, ou créez une nouvelle clé restreinte dans le tableau de bord Stripe.</translation>
    </message>
    <message>
        <source>Stripe says the publishable key has expired or was replaced. Copy the current publishable key from the Stripe Dashboard.</source>
        <translation>Selon Stripe, la clé publiable est expirée ou a été remplacée. Copiez la clé publiable actuelle depuis le tableau de bord Stripe.</translation>
    </message>
    <message>
        <source>Stripe doesn&apos;t recognise the publishable key. Copy it again from the Stripe Dashboard.</source>
        <translation>Stripe ne reconnaît pas la clé publiable. Copiez-la de nouveau depuis le tableau de bord Stripe.</translation>
    </message>
    <message>
        <source>The restricted key is missing a permission: {resource} needs “{access}”. In the Stripe Dashboard, edit the key and set {resource} to {access}.</source>
        <translation>Il manque une autorisation à la clé restreinte&#xa0;: {resource} doit être à «&#xa0;{access}&#xa0;». Dans le tableau de bord Stripe, modifiez la clé et réglez {resource} à {access}.</translation>
    </message>
    <message>
        <source>Stripe can&apos;t be reached right now, so the keys couldn&apos;t be checked. Check the internet connection and try again.</source>
        <translation>Stripe est injoignable pour le moment, les clés n’ont donc pas pu être vérifiées. Vérifiez la connexion Internet et réessayez.</translation>
    </message>
    <message>
        <source>Stripe refused to check these keys. Try again; if it keeps happening, the details are in the log file.</source>
        <translation>Stripe a refusé de vérifier ces clés. Réessayez; si le problème persiste, les détails sont dans le fichier journal.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Écriture</translation>
    </message>
    <message>
        <source>SetupIntents</source>
        <translation>SetupIntents</translation>
    </message>
    <message>
        <source>PaymentMethods</source>
        <translation>PaymentMethods</translation>
    </message>
    <message>
        <source>PaymentIntents</source>
        <translation>PaymentIntents</translation>
    </message>
    <message>
        <source>Mandates</source>
        <translation>Mandates</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lecture</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Windows keeps the key in its Credential Manager: sign in to your Windows account normally (not as a guest) and try again.</source>
        <translation>Windows conserve la clé dans son Gestionnaire d&apos;identification&#xa0;: ouvrez une session normale sur votre compte Windows (pas en invité) et réessayez.</translation>
    </message>
    <message>
        <source>macOS keeps the key in your login keychain: sign in to your user account normally, unlock the keychain, and try again.</source>
        <translation>macOS conserve la clé dans votre trousseau de session&#xa0;: ouvrez une session normale sur votre compte, déverrouillez le trousseau et réessayez.</translation>
    </message>
    <message>
        <source>Install and unlock a Secret Service keyring (GNOME Keyring or KDE Wallet), then try again.</source>
        <translation>Installez et déverrouillez un trousseau Secret Service (GNOME Keyring ou KDE Wallet), puis réessayez.</translation>
    </message>
    <message>
        <source>Owl Desktop never writes the key to a plain file.</source>
        <translation>Owl Desktop n&apos;écrit jamais la clé dans un fichier ordinaire.</translation>
    </message>
    <message>
        <source>The restricted key is missing permissions the app needs. In the Stripe Dashboard, edit the key and set: {settings}.</source>
        <translation>Il manque à la clé restreinte des autorisations nécessaires à l&apos;application. Dans le tableau de bord Stripe, modifiez la clé et réglez&#xa0;: {settings}.</translation>
    </message>
    <message>
        <source>Settings – Stripe</source>
        <translation>Paramètres – Stripe</translation>
    </message>
    <message>
        <source>Use a &lt;b&gt;restricted key&lt;/b&gt; (rk_…) rather than the standard secret key: if it ever leaked, it could do only what Owl Desktop needs. Create it in the Stripe Dashboard (&lt;a href=&quot;{dashboard}&quot;&gt;Developers → API keys&lt;/a&gt; → Create restricted key) with these permissions: {permissions}. Everything else: None. &lt;a href=&quot;{docs}&quot;&gt;About restricted keys&lt;/a&gt;.</source>
        <translation>Utilisez une &lt;b&gt;clé restreinte&lt;/b&gt; (rk_…) plutôt que la clé secrète standard&#xa0;: si elle fuyait, elle ne pourrait faire que ce dont Owl Desktop a besoin. Créez-la dans le tableau de bord Stripe (&lt;a href=&quot;{dashboard}&quot;&gt;Développeurs → Clés API&lt;/a&gt; → Créer une clé restreinte) avec ces autorisations&#xa0;: {permissions}. Tout le reste&#xa0;: Aucun accès. &lt;a href=&quot;{docs}&quot;&gt;À propos des clés restreintes&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>pk_live_… or pk_test_…</source>
        <translation>pk_live_… ou pk_test_…</translation>
    </message>
    <message>
        <source>rk_live_… or rk_test_… (recommended), or sk_…</source>
        <translation>rk_live_… ou rk_test_… (recommandée), ou sk_…</translation>
    </message>
    <message>
        <source>A restricted key (rk_live_…, or rk_test_… in test mode) is recommended; a standard secret key (sk_live_… or sk_test_…) works too.</source>
        <translation>Une clé restreinte (rk_live_…, ou rk_test_… en mode test) est recommandée; une clé secrète standard (sk_live_… ou sk_test_…) fonctionne aussi.</translation>
    </message>
    <message>
        <source>&amp;Publishable key:</source>
        <translation>Clé &amp;publiable&#xa0;:</translation>
    </message>
    <message>
        <source>Secret &amp;key:</source>
        <translation>Clé &amp;secrète&#xa0;:</translation>
    </message>
    <message>
        <source>Check &amp;&amp; &amp;Save</source>
        <translation>&amp;Vérifier et enregistrer</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>&amp;Déconnecter…</translation>
    </message>
    <message>
        <source>Reading the current connection…</source>
        <translation>Lecture de la connexion actuelle…</translation>
    </message>
    <message>
        <source>Checking the keys with Stripe…</source>
        <translation>Vérification des clés auprès de Stripe…</translation>
    </message>
    <message>
        <source>Disconnect Stripe?</source>
        <translation>Déconnecter Stripe?</translation>
    </message>
    <message>
        <source>Owl Desktop will stop using this Stripe account and remove the secret key from this computer&apos;s keyring. Clients&apos; cards and bank accounts stay in Stripe; reconnect the same account to use them again.</source>
        <translation>Owl Desktop cessera d’utiliser ce compte Stripe et retirera la clé secrète du trousseau de cet ordinateur. Les cartes et comptes bancaires des clients restent chez Stripe; reconnectez le même compte pour les utiliser de nouveau.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
    <message>
        <source>Saved in this computer&apos;s keyring; enter a key to replace it</source>
        <translation>Enregistrée dans le trousseau de cet ordinateur; entrez une clé pour la remplacer</translation>
    </message>
    <message>
        <source>Keys accepted by Stripe. Saving…</source>
        <translation>Clés acceptées par Stripe. Enregistrement…</translation>
    </message>
    <message numerus="yes">
        <source>These keys are for another Stripe account or mode than the one clients are linked to. Stripe ids never carry over: %n client(s) will be linked afresh to the new account when next used, and their cards and bank accounts from the old account will no longer be listed here.</source>
        <translation>
            <numerusform>Ces clés sont celles d’un autre compte ou mode Stripe que celui auquel les clients sont reliés. Les identifiants Stripe ne sont jamais repris&#xa0;: %n client sera relié de nouveau au nouveau compte à sa prochaine utilisation, et ses cartes et comptes bancaires de l’ancien compte ne seront plus affichés ici.</numerusform>
            <numerusform>Ces clés sont celles d’un autre compte ou mode Stripe que celui auquel les clients sont reliés. Les identifiants Stripe ne sont jamais repris&#xa0;: %n clients seront reliés de nouveau au nouveau compte à leur prochaine utilisation, et leurs cartes et comptes bancaires de l’ancien compte ne seront plus affichés ici.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent to the old account will be dropped.</source>
        <translation>
            <numerusform>%n modification en attente d’envoi à l’ancien compte sera abandonnée.</numerusform>
            <numerusform>%n modifications en attente d’envoi à l’ancien compte seront abandonnées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Switch Stripe account or mode?</source>
        <translation>Changer de compte ou de mode Stripe?</translation>
    </message>
    <message>
        <source>Switch and link afresh</source>
        <translation>Changer et relier de nouveau</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Rien n’a été modifié.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Connected. The secret key is in this computer&apos;s keyring.</source>
        <translation>Connecté. La clé secrète est dans le trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>Déconnexion…</translation>
    </message>
    <message>
        <source>Disconnected. The secret key was removed from this computer&apos;s keyring.</source>
        <translation>Déconnecté. La clé secrète a été retirée du trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>Une erreur s’est produite.</translation>
    </message>
    <message>
        <source>The details were written to the log file.</source>
        <translation>Les détails ont été écrits dans le fichier journal.</translation>
    </message>
    <message>
        <source>Sandbox mode: Owl Desktop works with its built-in Stripe double and practice data. No keys are needed or used.</source>
        <translation>Mode bac à sable&#xa0;: Owl Desktop fonctionne avec sa doublure Stripe intégrée et des données d’exercice. Aucune clé n’est nécessaire ni utilisée.</translation>
    </message>
    <message>
        <source>Stripe is not connected.</source>
        <translation>Stripe n’est pas connecté.</translation>
    </message>
    <message>
        <source>Connected to {account} in &lt;b&gt;TEST MODE&lt;/b&gt;: no real money moves, and real cards are refused.</source>
        <translation>Connecté à {account} en &lt;b&gt;MODE TEST&lt;/b&gt;&#xa0;: aucun argent réel ne circule et les vraies cartes sont refusées.</translation>
    </message>
    <message>
        <source>Connected to {account} in &lt;b&gt;live mode&lt;/b&gt;: real payments.</source>
        <translation>Connecté à {account} en &lt;b&gt;mode production&lt;/b&gt;&#xa0;: paiements réels.</translation>
    </message>
    <message>
        <source>The secret key isn&apos;t saved on this computer: enter it again below.</source>
        <translation>La clé secrète n’est pas enregistrée sur cet ordinateur&#xa0;: entrez-la de nouveau ci-dessous.</translation>
    </message>
    <message>
        <source>This computer&apos;s keyring can&apos;t be used, so the secret key can&apos;t be read.</source>
        <translation>Le trousseau de cet ordinateur est inutilisable, la clé secrète ne peut donc pas être lue.</translation>
    </message>
    <message>
        <source>&amp;Stripe…</source>
        <translation>&amp;Stripe…</translation>
    </message>
</context>
<context>
    <name>StripeTexts</name>
    <message>
        <source>It will be sent when the connection comes back.</source>
        <translation>La modification sera envoyée au retour de la connexion.</translation>
    </message>
    <message>
        <source>It will be tried again shortly.</source>
        <translation>Un nouvel essai aura lieu sous peu.</translation>
    </message>
    <message>
        <source>Check the Stripe key in Settings, then choose Retry.</source>
        <translation>Vérifiez la clé Stripe dans les paramètres, puis choisissez Réessayer.</translation>
    </message>
    <message>
        <source>Open the client to check their payment methods, then choose Retry, or Discard to keep what Stripe has.</source>
        <translation>Ouvrez la fiche du client pour vérifier ses modes de paiement, puis choisissez Réessayer, ou Abandonner pour garder ce que Stripe a.</translation>
    </message>
    <message>
        <source>Try again. If it fails again, discard it and contact support (the details are in the log).</source>
        <translation>Réessayez. Si l’échec se répète, abandonnez la modification et communiquez avec le soutien (les détails sont dans le journal).</translation>
    </message>
    <message>
        <source>Stripe asked for a pause (too many requests).</source>
        <translation>Stripe a demandé une pause (trop de requêtes).</translation>
    </message>
    <message>
        <source>Stripe can&apos;t be reached.</source>
        <translation>Stripe est injoignable.</translation>
    </message>
    <message>
        <source>The sync stopped on an unexpected error; it will try again.</source>
        <translation>La synchronisation s’est arrêtée sur une erreur inattendue&#xa0;; elle reprendra.</translation>
    </message>
    <message>
        <source>A sync is already running.</source>
        <translation>Une synchronisation est déjà en cours.</translation>
    </message>
    <message>
        <source>Check the internet connection; the app will try again.</source>
        <translation>Vérifiez la connexion Internet&#xa0;; l’application réessaiera.</translation>
    </message>
    <message>
        <source>Stripe is having trouble right now.</source>
        <translation>Stripe éprouve des difficultés en ce moment.</translation>
    </message>
    <message>
        <source>The app will try again shortly.</source>
        <translation>L’application réessaiera sous peu.</translation>
    </message>
    <message>
        <source>Stripe is receiving too many requests right now.</source>
        <translation>Stripe reçoit trop de requêtes en ce moment.</translation>
    </message>
    <message>
        <source>Stripe refused the secret key: it is wrong, expired or revoked.</source>
        <translation>Stripe a refusé la clé secrète&#xa0;: elle est erronée, expirée ou révoquée.</translation>
    </message>
    <message>
        <source>An administrator should reconnect Stripe in Settings.</source>
        <translation>Un administrateur doit reconnecter Stripe dans les paramètres.</translation>
    </message>
    <message>
        <source>The Stripe key is missing a permission this action needs.</source>
        <translation>Il manque à la clé Stripe une autorisation nécessaire à cette action.</translation>
    </message>
    <message>
        <source>An administrator should grant it to the restricted key.</source>
        <translation>Un administrateur doit l’accorder à la clé restreinte.</translation>
    </message>
    <message>
        <source>Stripe refused a repeated request with different details.</source>
        <translation>Stripe a refusé une requête répétée avec des détails différents.</translation>
    </message>
    <message>
        <source>Stripe no longer has the last event this desk synced.</source>
        <translation>Stripe n’a plus le dernier événement synchronisé par ce poste.</translation>
    </message>
    <message>
        <source>The app reconciles every client with Stripe instead.</source>
        <translation>L’application compare plutôt chaque client avec Stripe.</translation>
    </message>
    <message>
        <source>Owl Desktop hit an unexpected error while sending this change.</source>
        <translation>Owl Desktop a rencontré une erreur inattendue en envoyant cette modification.</translation>
    </message>
    <message>
        <source>Ask the client for another payment method.</source>
        <translation>Demandez au client un autre mode de paiement.</translation>
    </message>
    <message>
        <source>Ask the client to confirm the payment or use another method.</source>
        <translation>Demandez au client de confirmer le paiement ou d’utiliser un autre mode de paiement.</translation>
    </message>
    <message>
        <source>This payment method was removed at Stripe (on another desk or in the Stripe Dashboard) after it was chosen here, so it can&apos;t be the default.</source>
        <translation>Ce mode de paiement a été retiré chez Stripe (à un autre poste ou dans le tableau de bord Stripe) après avoir été choisi ici&#xa0;: il ne peut donc pas être le mode par défaut.</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <source>Sync problems</source>
        <translation>Problèmes de synchronisation</translation>
    </message>
    <message>
        <source>These changes were saved on this desk but Stripe refused them. Later changes to the same payment method, default or profile wait behind them; the client&apos;s other changes go ahead. Retry once the cause is fixed, or discard a change to keep what Stripe has.</source>
        <translation>Ces modifications ont été enregistrées sur ce poste, mais Stripe les a refusées. Les modifications suivantes du même mode de paiement, du mode par défaut ou du profil attendent derrière elles; les autres modifications du client sont envoyées. Réessayez une fois la cause corrigée, ou abandonnez une modification pour garder ce que Stripe possède.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>What failed</source>
        <translation>Ce qui a échoué</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Que faire</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Essais</translation>
    </message>
    <message>
        <source>No sync problems: every change reached Stripe or is waiting its turn.</source>
        <translation>Aucun problème de synchronisation&#xa0;: chaque modification a atteint Stripe ou attend son tour.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <source>&amp;Discard change…</source>
        <translation>&amp;Abandonner la modification…</translation>
    </message>
    <message>
        <source>Remove {method}</source>
        <translation>Retirer {method}</translation>
    </message>
    <message>
        <source>Remove a payment method</source>
        <translation>Retirer un mode de paiement</translation>
    </message>
    <message>
        <source>Make {method} the default</source>
        <translation>Faire de {method} le mode par défaut</translation>
    </message>
    <message>
        <source>Change the default payment method</source>
        <translation>Changer le mode de paiement par défaut</translation>
    </message>
    <message>
        <source>Update contact details in Stripe</source>
        <translation>Mettre à jour les coordonnées dans Stripe</translation>
    </message>
    <message>
        <source>Create the client in Stripe</source>
        <translation>Créer le client dans Stripe</translation>
    </message>
    <message>
        <source>(client removed)</source>
        <translation>(client supprimé)</translation>
    </message>
    <message>
        <source>Discard change</source>
        <translation>Abandonner la modification</translation>
    </message>
    <message>
        <source>Discard “{change}” for {client}? Stripe keeps what it has, and this desk will show that instead.</source>
        <translation>Abandonner «&#xa0;{change}&#xa0;» pour {client}? Stripe garde ce qu&apos;il possède, et ce poste l&apos;affichera à la place.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Synchroniser maintenant</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Send waiting changes to Stripe and fetch changes made elsewhere</source>
        <translation>Envoyer les modifications en attente à Stripe et récupérer celles faites ailleurs</translation>
    </message>
    <message>
        <source>Sync &amp;problems…</source>
        <translation>&amp;Problèmes de synchronisation…</translation>
    </message>
    <message numerus="yes">
        <source>%n sync problem(s)</source>
        <translation>
            <numerusform>%n problème de synchronisation</numerusform>
            <numerusform>%n problèmes de synchronisation</numerusform>
        </translation>
    </message>
    <message>
        <source>Some changes could not be sent to Stripe. Click to see what to do.</source>
        <translation>Certaines modifications n&apos;ont pas pu être envoyées à Stripe. Cliquez pour voir quoi faire.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <source>Syncing all clients with Stripe: {done} of {total}</source>
        <translation>Synchronisation de tous les clients avec Stripe&#xa0;: {done} sur {total}</translation>
    </message>
    <message numerus="yes">
        <source>Syncing… %n change(s) sent</source>
        <translation>
            <numerusform>Synchronisation… %n modification envoyée</numerusform>
            <numerusform>Synchronisation… %n modifications envoyées</numerusform>
        </translation>
    </message>
    <message>
        <source>Last sync didn&apos;t finish; it will retry.</source>
        <translation>La dernière synchronisation ne s&apos;est pas terminée; elle sera relancée.</translation>
    </message>
</context>
<context>
    <name>TypeChoiceDialog</name>
    <message>
        <source>Add payment method</source>
        <translation>Ajouter un mode de paiement</translation>
    </message>
    <message>
        <source>What would {name} like to keep on file?</source>
        <translation>Quel mode de paiement garder au dossier de {name}&#xa0;?</translation>
    </message>
    <message>
        <source>the client</source>
        <translation>ce client</translation>
    </message>
    <message>
        <source>Credit card</source>
        <translation>Carte de crédit</translation>
    </message>
    <message>
        <source>Visa, Mastercard or American Express, typed into Stripe&apos;s secure fields.</source>
        <translation>Visa, Mastercard ou American Express, saisie dans les champs sécurisés de Stripe.</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>Compte bancaire</translation>
    </message>
    <message>
        <source>Canadian pre-authorized debit: Stripe&apos;s window collects the account and the client&apos;s agreement.</source>
        <translation>Débit préautorisé canadien&#xa0;: la fenêtre de Stripe recueille le compte et l&apos;accord du client.</translation>
    </message>
    <message>
        <source>Needs a valid email address on the profile: the pre-authorized debit agreement is sent there. Add the email to the client&apos;s contact details first.</source>
        <translation>Nécessite une adresse courriel valide au dossier&#xa0;: l&apos;accord de débit préautorisé y est envoyé. Ajoutez d&apos;abord le courriel aux coordonnées du client.</translation>
    </message>
</context>
<context>
    <name>UserFacingError</name>
    <message>
        <source>Some fields need attention.</source>
        <translation>Certains champs sont à corriger.</translation>
    </message>
    <message>
        <source>The database is busy: another program or desk is holding it.</source>
        <translation>La base de données est occupée&#xa0;: un autre programme ou poste la retient.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. If it keeps happening, close other copies of Owl Desktop on this computer.</source>
        <translation>Attendez un moment et réessayez. Si le problème persiste, fermez les autres copies d&apos;Owl Desktop sur cet ordinateur.</translation>
    </message>
    <message>
        <source>The database can&apos;t be reached.</source>
        <translation>La base de données est inaccessible.</translation>
    </message>
    <message>
        <source>Check the network connection to the database server, then try again.</source>
        <translation>Vérifiez la connexion réseau au serveur de base de données, puis réessayez.</translation>
    </message>
    <message>
        <source>Check the database server and the network, then try again.</source>
        <translation>Vérifiez le serveur de base de données et le réseau, puis réessayez.</translation>
    </message>
    <message>
        <source>The database file can&apos;t be opened.</source>
        <translation>Le fichier de la base de données ne peut pas être ouvert.</translation>
    </message>
    <message>
        <source>Check that the data folder exists and that you may write to it.</source>
        <translation>Vérifiez que le dossier de données existe et que vous pouvez y écrire.</translation>
    </message>
    <message>
        <source>This client no longer exists.</source>
        <translation>Ce client n&apos;existe plus.</translation>
    </message>
    <message>
        <source>Search again: another desk may have removed it.</source>
        <translation>Lancez une nouvelle recherche&#xa0;: un autre poste l&apos;a peut-être supprimé.</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring) that Owl Desktop can use, so the Stripe secret key can&apos;t be saved or read.</source>
        <translation>Cet ordinateur n’a aucun magasin de mots de passe sécurisé (trousseau) utilisable par Owl Desktop; la clé secrète Stripe ne peut donc être ni enregistrée ni lue.</translation>
    </message>
    <message>
        <source>On Windows and macOS the system keychain is used: sign in to your user account normally and try again. On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KDE Wallet), then try again. Owl Desktop never writes the key to a plain file.</source>
        <translation>Sous Windows et macOS, le trousseau du système est utilisé&#xa0;: ouvrez normalement votre session et réessayez. Sous Linux, installez et déverrouillez un trousseau Secret Service (GNOME Keyring ou KDE Wallet), puis réessayez. Owl Desktop n’écrit jamais la clé dans un simple fichier.</translation>
    </message>
    <message>
        <source>The system password store (keyring) is locked, so the Stripe secret key can&apos;t be used.</source>
        <translation>Le magasin de mots de passe du système (trousseau) est verrouillé; la clé secrète Stripe ne peut donc pas être utilisée.</translation>
    </message>
    <message>
        <source>Unlock your keyring (or sign in again), then try again.</source>
        <translation>Déverrouillez votre trousseau (ou ouvrez de nouveau votre session), puis réessayez.</translation>
    </message>
    <message>
        <source>Stripe is connected, but its secret key isn&apos;t saved on this computer.</source>
        <translation>Stripe est connecté, mais sa clé secrète n’est pas enregistrée sur cet ordinateur.</translation>
    </message>
    <message>
        <source>An administrator should open Settings → Stripe on this computer and enter the secret key again.</source>
        <translation>Un administrateur doit ouvrir Paramètres → Stripe sur cet ordinateur et entrer de nouveau la clé secrète.</translation>
    </message>
    <message>
        <source>This payment method can&apos;t be the default: it is expired, awaiting verification or removed.</source>
        <translation>Ce mode de paiement ne peut pas être le mode par défaut&#xa0;: il est expiré, en attente de vérification ou retiré.</translation>
    </message>
    <message>
        <source>Choose another method, or add a new one.</source>
        <translation>Choisissez un autre mode, ou ajoutez-en un nouveau.</translation>
    </message>
    <message>
        <source>Removing a bank account awaiting verification needs an internet connection to Stripe.</source>
        <translation>Le retrait d&apos;un compte bancaire en attente de vérification nécessite une connexion Internet à Stripe.</translation>
    </message>
    <message>
        <source>Check the connection and try again. Nothing was changed.</source>
        <translation>Vérifiez la connexion et réessayez. Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>This payment method belongs to another client.</source>
        <translation>Ce mode de paiement appartient à un autre client.</translation>
    </message>
    <message>
        <source>This payment method no longer exists.</source>
        <translation>Ce mode de paiement n&apos;existe plus.</translation>
    </message>
    <message>
        <source>Another desk or Stripe may have removed it.</source>
        <translation>Un autre poste ou Stripe l&apos;a peut-être retiré.</translation>
    </message>
    <message>
        <source>A bank account needs the client&apos;s email address for the debit agreement.</source>
        <translation>Un compte bancaire nécessite l’adresse courriel du client pour l’accord de débit.</translation>
    </message>
    <message>
        <source>Add a valid email to the profile first.</source>
        <translation>Ajoutez d’abord une adresse courriel valide à la fiche.</translation>
    </message>
    <message>
        <source>Adding a payment method needs an internet connection to Stripe.</source>
        <translation>L’ajout d’un mode de paiement nécessite une connexion Internet à Stripe.</translation>
    </message>
    <message>
        <source>The payment method may be saved at Stripe, but this desk can&apos;t reach Stripe to show it.</source>
        <translation>Le mode de paiement est peut-être enregistré chez Stripe, mais ce poste ne peut pas joindre Stripe pour l’afficher.</translation>
    </message>
    <message>
        <source>It will appear after the next sync once the connection is back.</source>
        <translation>Il apparaîtra après la prochaine synchronisation, au retour de la connexion.</translation>
    </message>
    <message>
        <source>This setup belongs to another client.</source>
        <translation>Cet ajout appartient à un autre client.</translation>
    </message>
    <message>
        <source>Adding the payment method was cancelled.</source>
        <translation>L’ajout du mode de paiement a été annulé.</translation>
    </message>
    <message>
        <source>Check the details or try another payment method.</source>
        <translation>Vérifiez les renseignements ou essayez un autre mode de paiement.</translation>
    </message>
    <message>
        <source>The payment method was not saved.</source>
        <translation>Le mode de paiement n’a pas été enregistré.</translation>
    </message>
    <message>
        <source>Nothing was added. Try again when the client is ready.</source>
        <translation>Rien n’a été ajouté. Réessayez lorsque le client sera prêt.</translation>
    </message>
    <message>
        <source>The payment method isn&apos;t confirmed yet.</source>
        <translation>Le mode de paiement n’est pas encore confirmé.</translation>
    </message>
    <message>
        <source>Finish the confirmation in the form, then save again.</source>
        <translation>Terminez la confirmation dans le formulaire, puis enregistrez de nouveau.</translation>
    </message>
    <message>
        <source>Stripe isn&apos;t connected on this desk.</source>
        <translation>Stripe n’est pas connecté sur ce poste.</translation>
    </message>
    <message>
        <source>An administrator can connect it in Settings → Stripe.</source>
        <translation>Un administrateur peut le connecter dans Paramètres → Stripe.</translation>
    </message>
    <message>
        <source>Stripe can&apos;t be reached, or its answer didn&apos;t arrive. If Stripe received the client&apos;s record, the next sync checks it and finishes the job; nothing is made twice.</source>
        <translation>Stripe est injoignable, ou sa réponse n’est pas arrivée. Si Stripe a reçu la fiche du client, la prochaine synchronisation le vérifie et termine le travail&#xa0;; rien n’est créé en double.</translation>
    </message>
    <message>
        <source>This client&apos;s Stripe record is being created on another desk.</source>
        <translation>La fiche Stripe de ce client est en cours de création à un autre poste.</translation>
    </message>
    <message>
        <source>Try again in a moment.</source>
        <translation>Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Check the internet connection and try again.</source>
        <translation>Vérifiez la connexion Internet et réessayez.</translation>
    </message>
    <message>
        <source>Connecting these keys unlinks every client from the previous Stripe account or mode. Confirm to continue.</source>
        <translation>Connecter ces clés détache chaque client du compte ou du mode Stripe précédent. Confirmez pour continuer.</translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation>La carte a été refusée.</translation>
    </message>
    <message>
        <source>The bank asks the cardholder to confirm this payment.</source>
        <translation>La banque demande au titulaire de la carte de confirmer ce paiement.</translation>
    </message>
    <message>
        <source>Stripe refused the request.</source>
        <translation>Stripe a refusé la requête.</translation>
    </message>
    <message>
        <source>The database must be upgraded, but it couldn&apos;t be backed up first to {backups}.</source>
        <translation>La base de données doit être mise à niveau, mais elle n’a pas pu être sauvegardée d’abord dans {backups}.</translation>
    </message>
    <message>
        <source>Check that this folder can be written and that the disk isn&apos;t full, then start Owl Desktop again. The database wasn&apos;t changed.</source>
        <translation>Vérifiez qu’on peut écrire dans ce dossier et que le disque n’est pas plein, puis redémarrez Owl Desktop. La base de données n’a pas été modifiée.</translation>
    </message>
    <message>
        <source>Owl Desktop doesn&apos;t work with this kind of database: {kind}.</source>
        <translation>Owl Desktop ne fonctionne pas avec ce type de base de données&#xa0;: {kind}.</translation>
    </message>
    <message>
        <source>It works with SQLite and PostgreSQL. Point OWL_DATABASE_URL at one, like postgresql+psycopg://user@server/owl, then start Owl Desktop again.</source>
        <translation>Il fonctionne avec SQLite et PostgreSQL. Indiquez l’une d’elles dans OWL_DATABASE_URL, par exemple postgresql+psycopg://user@server/owl, puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>This database was last used by a newer version of Owl Desktop.</source>
        <translation>Cette base de données a été utilisée en dernier par une version plus récente d’Owl Desktop.</translation>
    </message>
    <message>
        <source>Install that version (or a later one) on this computer; this one can&apos;t use the database safely and didn&apos;t change it.</source>
        <translation>Installez cette version (ou une plus récente) sur cet ordinateur&#xa0;; celle-ci ne peut pas utiliser la base de données sans risque et ne l’a pas modifiée.</translation>
    </message>
    <message>
        <source>The database driver in OWL_DATABASE_URL isn&apos;t part of Owl Desktop: {driver}.</source>
        <translation>Le pilote de base de données indiqué dans OWL_DATABASE_URL n’est pas fourni avec Owl Desktop&#xa0;: {driver}.</translation>
    </message>
    <message>
        <source>Write OWL_DATABASE_URL with the driver Owl Desktop comes with, like postgresql+psycopg://user@server/owl, then start Owl Desktop again.</source>
        <translation>Écrivez OWL_DATABASE_URL avec le pilote fourni avec Owl Desktop, par exemple postgresql+psycopg://user@server/owl, puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>OWL_DATABASE_URL isn&apos;t a database address Owl Desktop understands.</source>
        <translation>OWL_DATABASE_URL n’est pas une adresse de base de données qu’Owl Desktop comprend.</translation>
    </message>
    <message>
        <source>Write OWL_DATABASE_URL like postgresql+psycopg://user@server/owl or sqlite:///C:/Clinic/owl.sqlite3, or remove it to use the database in Owl Desktop&apos;s data folder; then start Owl Desktop again.</source>
        <translation>Écrivez OWL_DATABASE_URL comme postgresql+psycopg://user@server/owl ou sqlite:///C:/Clinic/owl.sqlite3, ou retirez-la pour utiliser la base de données du dossier de données d’Owl Desktop&#xa0;; puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>The disk holding the database is full.</source>
        <translation>Le disque qui contient la base de données est plein.</translation>
    </message>
    <message>
        <source>Free some space on that disk (or ask whoever runs the database server to), then try again. What you were doing wasn&apos;t saved.</source>
        <translation>Libérez de l’espace sur ce disque (ou demandez-le au responsable du serveur de base de données), puis réessayez. Ce que vous faisiez n’a pas été enregistré.</translation>
    </message>
    <message>
        <source>The database file is damaged.</source>
        <translation>Le fichier de la base de données est endommagé.</translation>
    </message>
    <message>
        <source>Owl Desktop didn&apos;t change it. Quit Owl Desktop and restore the newest backup from the “backups” folder in Owl Desktop&apos;s data folder (see “Restoring a backup” in the guide), or ask whoever looks after the clinic&apos;s computers.</source>
        <translation>Owl Desktop ne l’a pas modifié. Quittez Owl Desktop et restaurez la sauvegarde la plus récente du dossier «&#xa0;backups&#xa0;» du dossier de données d’Owl Desktop (voir «&#xa0;Restoring a backup&#xa0;» dans le guide), ou demandez à la personne qui s’occupe des ordinateurs de la clinique.</translation>
    </message>
    <message>
        <source>The database server refused the user name or password.</source>
        <translation>Le serveur de base de données a refusé le nom d’utilisateur ou le mot de passe.</translation>
    </message>
    <message>
        <source>Check the user name and password in OWL_DATABASE_URL with whoever runs the clinic&apos;s database server, then start Owl Desktop again.</source>
        <translation>Vérifiez le nom d’utilisateur et le mot de passe de OWL_DATABASE_URL avec le responsable du serveur de base de données de la clinique, puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>The database server has no database by the name in OWL_DATABASE_URL.</source>
        <translation>Le serveur de base de données n’a aucune base de données du nom indiqué dans OWL_DATABASE_URL.</translation>
    </message>
    <message>
        <source>Check the name at the end of OWL_DATABASE_URL; whoever runs the clinic&apos;s database server can tell you the right one (or create it).</source>
        <translation>Vérifiez le nom à la fin de OWL_DATABASE_URL&#xa0;; le responsable du serveur de base de données de la clinique peut vous donner le bon (ou la créer).</translation>
    </message>
    <message>
        <source>The database refused this action.</source>
        <translation>La base de données a refusé cette action.</translation>
    </message>
    <message>
        <source>Nothing was saved. Try again; if it happens again, the log has the details for whoever looks after the clinic&apos;s computers.</source>
        <translation>Rien n’a été enregistré. Réessayez&#xa0;; si cela se reproduit, le journal contient les détails pour la personne qui s’occupe des ordinateurs de la clinique.</translation>
    </message>
    <message>
        <source>The computer couldn&apos;t read or write the database file.</source>
        <translation>L’ordinateur n’a pas pu lire ou écrire le fichier de la base de données.</translation>
    </message>
    <message>
        <source>Check that the disk holding it is connected and working, then start Owl Desktop again. If it keeps happening, ask whoever looks after the clinic&apos;s computers to check the disk.</source>
        <translation>Vérifiez que le disque qui le contient est branché et fonctionne, puis redémarrez Owl Desktop. Si cela se reproduit, demandez à la personne qui s’occupe des ordinateurs de la clinique de vérifier le disque.</translation>
    </message>
    <message>
        <source>The database server reports damaged data.</source>
        <translation>Le serveur de base de données signale des données endommagées.</translation>
    </message>
    <message>
        <source>Ask whoever runs the clinic&apos;s database server to check it and restore its backup if needed.</source>
        <translation>Demandez au responsable du serveur de base de données de la clinique de le vérifier et de restaurer sa sauvegarde au besoin.</translation>
    </message>
    <message>
        <source>This change clashes with what is already saved (another desk may have made the same change at the same time).</source>
        <translation>Cette modification entre en conflit avec ce qui est déjà enregistré (un autre poste a peut-être fait la même modification au même moment).</translation>
    </message>
    <message>
        <source>Nothing was saved. Reopen the client to see what is saved now, then try again.</source>
        <translation>Rien n’a été enregistré. Rouvrez le client pour voir ce qui est enregistré maintenant, puis réessayez.</translation>
    </message>
    <message>
        <source>The database refused a value in this change: text too long, or characters it can&apos;t store.</source>
        <translation>La base de données a refusé une valeur de cette modification&#xa0;: texte trop long, ou caractères qu’elle ne peut pas conserver.</translation>
    </message>
    <message>
        <source>Nothing was saved. Check the fields for unusual characters or very long text, then try again.</source>
        <translation>Rien n’a été enregistré. Vérifiez si les champs contiennent des caractères inhabituels ou un texte très long, puis réessayez.</translation>
    </message>
    <message>
        <source>The database server doesn&apos;t allow Owl Desktop&apos;s user to do this.</source>
        <translation>Le serveur de base de données ne permet pas à l’utilisateur d’Owl Desktop de faire ceci.</translation>
    </message>
    <message>
        <source>Whoever runs the clinic&apos;s database server must give the user in OWL_DATABASE_URL full access to Owl Desktop&apos;s database.</source>
        <translation>Le responsable du serveur de base de données de la clinique doit donner à l’utilisateur de OWL_DATABASE_URL un accès complet à la base de données d’Owl Desktop.</translation>
    </message>
    <message>
        <source>The database file {path} is empty.</source>
        <translation>Le fichier de la base de données {path} est vide.</translation>
    </message>
    <message>
        <source>Owl Desktop didn&apos;t change it. If Owl Desktop was used on this computer before, quit it and copy the newest backup from {backups} over the empty file. If it was never used here, delete the empty file and start Owl Desktop again: it makes a new database.</source>
        <translation>Owl Desktop ne l’a pas modifié. Si Owl Desktop a déjà été utilisé sur cet ordinateur, quittez-le et copiez la sauvegarde la plus récente de {backups} par-dessus le fichier vide. S’il n’a jamais été utilisé ici, supprimez le fichier vide et redémarrez Owl Desktop&#xa0;: il crée une nouvelle base de données.</translation>
    </message>
    <message>
        <source>The database file {path} is damaged: it isn&apos;t a whole Owl Desktop database.</source>
        <translation>Le fichier de la base de données {path} est endommagé&#xa0;: ce n’est pas une base de données Owl Desktop complète.</translation>
    </message>
    <message>
        <source>Owl Desktop didn&apos;t change it. Quit Owl Desktop, move the damaged file elsewhere (keep it) with the files beside it whose names end in -wal or -shm, copy the newest backup from {backups} to {path}, then start Owl Desktop again (see “Restoring a backup” in the guide).</source>
        <translation>Owl Desktop ne l’a pas modifié. Quittez Owl Desktop, déplacez ailleurs le fichier endommagé (gardez-le) avec les fichiers voisins dont le nom se termine par -wal ou -shm, copiez la sauvegarde la plus récente de {backups} vers {path}, puis redémarrez Owl Desktop (voir «&#xa0;Restoring a backup&#xa0;» dans le guide).</translation>
    </message>
    <message>
        <source>The database file can&apos;t be created in {folder}.</source>
        <translation>Le fichier de la base de données ne peut pas être créé dans {folder}.</translation>
    </message>
    <message>
        <source>Check that this folder exists (or can be made) and that you may write to it, or set OWL_DATABASE_URL to another place; then start Owl Desktop again.</source>
        <translation>Vérifiez que ce dossier existe (ou peut être créé) et que vous pouvez y écrire, ou indiquez un autre emplacement dans OWL_DATABASE_URL&#xa0;; puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>Owl Desktop can&apos;t write to its data folder: {folder}.</source>
        <translation>Owl Desktop ne peut pas écrire dans son dossier de données&#xa0;: {folder}.</translation>
    </message>
    <message>
        <source>Check that the folder exists (or can be made) and that you may write to it, or choose another folder with OWL_DATA_DIR; then start Owl Desktop again.</source>
        <translation>Vérifiez que le dossier existe (ou peut être créé) et que vous pouvez y écrire, ou choisissez un autre dossier avec OWL_DATA_DIR&#xa0;; puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>The disk holding Owl Desktop&apos;s data folder is full: {folder}.</source>
        <translation>Le disque qui contient le dossier de données d’Owl Desktop est plein&#xa0;: {folder}.</translation>
    </message>
    <message>
        <source>Free some space on that disk, then start Owl Desktop again.</source>
        <translation>Libérez de l’espace sur ce disque, puis redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>{name} must be an https:// address (plain http:// is only allowed for 127.0.0.1, localhost or ::1); it is set to {value}.</source>
        <translation>{name} doit être une adresse https:// (le simple http:// n’est permis que pour 127.0.0.1, localhost ou ::1)&#xa0;; sa valeur est {value}.</translation>
    </message>
    <message>
        <source>Fix or unset {name} and start Owl Desktop again.</source>
        <translation>Corrigez ou retirez {name} et redémarrez Owl Desktop.</translation>
    </message>
    <message>
        <source>This time was just booked by someone else.</source>
        <translation>Cette heure vient d’être réservée par quelqu’un d’autre.</translation>
    </message>
    <message>
        <source>Choose another time.</source>
        <translation>Choisissez une autre heure.</translation>
    </message>
    <message>
        <source>Next free times: {times}.</source>
        <translation>Prochaines heures libres&#xa0;: {times}.</translation>
    </message>
    <message>
        <source>No free time in the next two weeks.</source>
        <translation>Aucune heure libre dans les deux prochaines semaines.</translation>
    </message>
    <message>
        <source>This time was booked again since; record the attendance on that appointment.</source>
        <translation>Cette heure a été réservée de nouveau depuis&#xa0;; inscrivez la présence sur ce rendez-vous-là.</translation>
    </message>
    <message>
        <source>This time isn&apos;t one of the practitioner&apos;s free slots.</source>
        <translation>Cette heure ne fait pas partie des plages libres du praticien.</translation>
    </message>
    <message>
        <source>Choose a time from the free slots shown (the practitioner&apos;s hours, days off and the clinic&apos;s booking rules decide them).</source>
        <translation>Choisissez une heure parmi les plages libres affichées (elles découlent des heures du praticien, de ses jours de congé et des règles de réservation de la clinique).</translation>
    </message>
    <message>
        <source>This practitioner isn&apos;t taking appointments.</source>
        <translation>Ce praticien ne prend pas de rendez-vous.</translation>
    </message>
    <message>
        <source>Choose another practitioner.</source>
        <translation>Choisissez un autre praticien.</translation>
    </message>
    <message>
        <source>This practitioner doesn&apos;t offer this service.</source>
        <translation>Ce praticien n’offre pas ce service.</translation>
    </message>
    <message>
        <source>Choose one of the services the practitioner offers.</source>
        <translation>Choisissez un des services qu’offre le praticien.</translation>
    </message>
    <message>
        <source>This appointment was cancelled.</source>
        <translation>Ce rendez-vous a été annulé.</translation>
    </message>
    <message>
        <source>Book a new appointment instead.</source>
        <translation>Réservez plutôt un nouveau rendez-vous.</translation>
    </message>
    <message>
        <source>Attendance can be recorded once the appointment has started.</source>
        <translation>La présence peut être notée une fois le rendez-vous commencé.</translation>
    </message>
    <message>
        <source>Cancel it or move it if the client can&apos;t come.</source>
        <translation>Annulez-le ou déplacez-le si le client ne peut pas venir.</translation>
    </message>
    <message>
        <source>Only a booked appointment can be cancelled.</source>
        <translation>Seul un rendez-vous réservé peut être annulé.</translation>
    </message>
    <message>
        <source>Correct the attendance instead.</source>
        <translation>Corrigez plutôt la présence.</translation>
    </message>
    <message>
        <source>Only a booked appointment can be moved.</source>
        <translation>Seul un rendez-vous réservé peut être déplacé.</translation>
    </message>
    <message>
        <source>This appointment no longer exists.</source>
        <translation>Ce rendez-vous n’existe plus.</translation>
    </message>
    <message>
        <source>Another desk may have removed it: look at the day again.</source>
        <translation>Un autre poste l’a peut-être supprimé&#xa0;: regardez la journée de nouveau.</translation>
    </message>
    <message>
        <source>This practitioner no longer exists.</source>
        <translation>Ce praticien n’existe plus.</translation>
    </message>
    <message>
        <source>This service no longer exists.</source>
        <translation>Ce service n’existe plus.</translation>
    </message>
    <message>
        <source>Close this window and open it again.</source>
        <translation>Fermez cette fenêtre et ouvrez-la de nouveau.</translation>
    </message>
    <message>
        <source>This invoice has already been charged.</source>
        <translation>Cette facture a déjà été débitée.</translation>
    </message>
    <message>
        <source>Its payments are listed on the Billing tab.</source>
        <translation>Ses paiements figurent dans l’onglet Facturation.</translation>
    </message>
    <message>
        <source>This invoice was voided.</source>
        <translation>Cette facture a été annulée.</translation>
    </message>
    <message>
        <source>Nothing is charged for it.</source>
        <translation>Rien n’est débité pour cette facture.</translation>
    </message>
    <message>
        <source>Nothing is owed on it.</source>
        <translation>Rien n’est dû sur cette facture.</translation>
    </message>
    <message>
        <source>A charge for this invoice is already processing.</source>
        <translation>Un débit pour cette facture est déjà en cours.</translation>
    </message>
    <message>
        <source>A bank debit settles in a few business days; the Billing tab shows it.</source>
        <translation>Un prélèvement bancaire se règle en quelques jours ouvrables&#xa0;; l’onglet Facturation l’affiche.</translation>
    </message>
    <message>
        <source>This invoice is paid.</source>
        <translation>Cette facture est payée.</translation>
    </message>
    <message>
        <source>Nothing is left to charge.</source>
        <translation>Il ne reste rien à débiter.</translation>
    </message>
    <message>
        <source>A payment for this invoice is already processing.</source>
        <translation>Un paiement pour cette facture est déjà en cours.</translation>
    </message>
    <message>
        <source>A bank debit settles in a few business days.</source>
        <translation>Un prélèvement bancaire se règle en quelques jours ouvrables.</translation>
    </message>
    <message>
        <source>This payment method can&apos;t be charged.</source>
        <translation>Ce mode de paiement ne peut pas être débité.</translation>
    </message>
    <message>
        <source>Choose a card that hasn&apos;t expired or a verified bank account.</source>
        <translation>Choisissez une carte non expirée ou un compte bancaire vérifié.</translation>
    </message>
    <message>
        <source>An invoice with a payment can&apos;t be voided.</source>
        <translation>Une facture qui a un paiement ne peut pas être annulée.</translation>
    </message>
    <message>
        <source>Refund the payment in Stripe first, or leave the invoice as it is.</source>
        <translation>Remboursez d’abord le paiement dans Stripe, ou laissez la facture telle quelle.</translation>
    </message>
    <message>
        <source>This invoice no longer exists.</source>
        <translation>Cette facture n’existe plus.</translation>
    </message>
    <message>
        <source>Close this window and open the client again.</source>
        <translation>Fermez cette fenêtre et rouvrez le dossier du client.</translation>
    </message>
    <message>
        <source>Only a payment that went through has a receipt.</source>
        <translation>Seul un paiement qui a abouti a un reçu.</translation>
    </message>
    <message>
        <source>A bank debit has one once it has settled.</source>
        <translation>Un prélèvement bancaire en a un une fois réglé.</translation>
    </message>
    <message>
        <source>Email isn&apos;t set up: the clinic&apos;s email server or sender address is missing.</source>
        <translation>Le courriel n’est pas configuré&#xa0;: il manque le serveur de courriel ou l’adresse d’expéditeur de la clinique.</translation>
    </message>
    <message>
        <source>An administrator sets them in Settings → Online portal.</source>
        <translation>Un administrateur les règle dans Paramètres → Portail en ligne.</translation>
    </message>
    <message>
        <source>The email server&apos;s password isn&apos;t available.</source>
        <translation>Le mot de passe du serveur de courriel n’est pas disponible.</translation>
    </message>
    <message>
        <source>Enter it in Settings → Online portal (or give it to the portal server in OWL_SMTP_PASSWORD_FILE).</source>
        <translation>Entrez-le dans Paramètres → Portail en ligne (ou donnez-le au serveur du portail dans OWL_SMTP_PASSWORD_FILE).</translation>
    </message>
    <message>
        <source>The email server {host} can&apos;t be reached.</source>
        <translation>Le serveur de courriel {host} est injoignable.</translation>
    </message>
    <message>
        <source>Check the server&apos;s name and port in Settings → Online portal, and the internet connection.</source>
        <translation>Vérifiez le nom et le port du serveur dans Paramètres → Portail en ligne, ainsi que la connexion Internet.</translation>
    </message>
    <message>
        <source>A secure connection to the email server {host} couldn&apos;t be made.</source>
        <translation>Une connexion sécurisée au serveur de courriel {host} n’a pas pu être établie.</translation>
    </message>
    <message>
        <source>Check the security setting and the port: port 587 usually uses STARTTLS, port 465 TLS.</source>
        <translation>Vérifiez le réglage de sécurité et le port&#xa0;: le port 587 utilise habituellement STARTTLS, le port 465 TLS.</translation>
    </message>
    <message>
        <source>The email server refused the user name or password.</source>
        <translation>Le serveur de courriel a refusé le nom d’utilisateur ou le mot de passe.</translation>
    </message>
    <message>
        <source>Check the user name and password in Settings → Online portal.</source>
        <translation>Vérifiez le nom d’utilisateur et le mot de passe dans Paramètres → Portail en ligne.</translation>
    </message>
    <message>
        <source>The email server refused the address {address}.</source>
        <translation>Le serveur de courriel a refusé l’adresse {address}.</translation>
    </message>
    <message>
        <source>Check the email address.</source>
        <translation>Vérifiez l’adresse courriel.</translation>
    </message>
    <message>
        <source>The email server refused the sender address {address}.</source>
        <translation>Le serveur de courriel a refusé l’adresse d’expéditeur {address}.</translation>
    </message>
    <message>
        <source>Use a sender address this server lets you send from (Settings → Online portal).</source>
        <translation>Utilisez une adresse d’expéditeur que ce serveur accepte (Paramètres → Portail en ligne).</translation>
    </message>
    <message>
        <source>The email server refused the message.</source>
        <translation>Le serveur de courriel a refusé le message.</translation>
    </message>
    <message>
        <source>Try again later, or ask whoever runs the email server.</source>
        <translation>Réessayez plus tard, ou demandez à la personne qui gère le serveur de courriel.</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring) that Owl Desktop can use, so the email server&apos;s password can&apos;t be saved or read.</source>
        <translation>Cet ordinateur n’a aucun magasin de mots de passe sécurisé (trousseau) utilisable par Owl Desktop; le mot de passe du serveur de courriel ne peut donc être ni enregistré ni lu.</translation>
    </message>
    <message>
        <source>On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KDE Wallet), then try again. Owl Desktop never writes the password to a plain file.</source>
        <translation>Sous Linux, installez et déverrouillez un trousseau Secret Service (GNOME Keyring ou KDE Wallet), puis réessayez. Owl Desktop n’écrit jamais le mot de passe dans un simple fichier.</translation>
    </message>
    <message>
        <source>The clinic administrator&apos;s passphrase hasn&apos;t been set yet.</source>
        <translation>La phrase secrète de l’administrateur de la clinique n’a pas encore été définie.</translation>
    </message>
    <message>
        <source>Set it in Settings → Payments first.</source>
        <translation>Définissez-la d’abord dans Paramètres → Paiements.</translation>
    </message>
    <message>
        <source>That isn&apos;t the clinic administrator&apos;s passphrase.</source>
        <translation>Ce n’est pas la phrase secrète de l’administrateur de la clinique.</translation>
    </message>
    <message>
        <source>Ask the clinic administrator to enter it.</source>
        <translation>Demandez à l’administrateur de la clinique de l’entrer.</translation>
    </message>
    <message>
        <source>The clinic administrator&apos;s passphrase is already set.</source>
        <translation>La phrase secrète de l’administrateur de la clinique est déjà définie.</translation>
    </message>
    <message>
        <source>This payment has already been refunded in full.</source>
        <translation>Ce paiement a déjà été remboursé en entier.</translation>
    </message>
    <message>
        <source>At most {left} can be refunded of this payment.</source>
        <translation>Au plus {left} peut être remboursé sur ce paiement.</translation>
    </message>
    <message>
        <source>The passphrase must have at least {n} characters.</source>
        <translation>La phrase secrète doit comporter au moins {n} caractères.</translation>
    </message>
    <message>
        <source>The passphrase was changed at another desk meanwhile.</source>
        <translation>La phrase secrète a été changée à un autre poste entre-temps.</translation>
    </message>
    <message>
        <source>Ask the clinic administrator for the new one.</source>
        <translation>Demandez la nouvelle à l’administrateur de la clinique.</translation>
    </message>
    <message>
        <source>This client has no email address.</source>
        <translation>Ce client n’a pas d’adresse courriel.</translation>
    </message>
    <message>
        <source>Add one to the client&apos;s profile, or copy the portal link and send it another way.</source>
        <translation>Ajoutez-en une au dossier du client, ou copiez le lien du portail et envoyez-le autrement.</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>&amp;Void invoice</source>
        <translation>Annu&amp;ler la facture</translation>
    </message>
    <message>
        <source>Void invoice</source>
        <translation>Annuler la facture</translation>
    </message>
    <message>
        <source>Invoice {number} will no longer be owed. This can&apos;t be undone.</source>
        <translation>La facture {number} ne sera plus due. C’est irréversible.</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Raison&#xa0;:</translation>
    </message>
</context>
<context>
    <name>_BillingDialog</name>
    <message>
        <source>Enter an amount greater than zero and no more than what is due.</source>
        <translation>Entrez un montant supérieur à zéro et qui ne dépasse pas le montant dû.</translation>
    </message>
    <message>
        <source>Enter what the invoice is for.</source>
        <translation>Indiquez l’objet de la facture.</translation>
    </message>
    <message>
        <source>Enter the reason (at most 300 characters).</source>
        <translation>Entrez la raison (300 caractères au plus).</translation>
    </message>
    <message>
        <source>Check the values entered.</source>
        <translation>Vérifiez les valeurs entrées.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Save receipt</source>
        <translation>Enregistrer le reçu</translation>
    </message>
</context>
</TS>
