<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA" sourcelanguage="en">
<context>
    <name>AuditTrail</name>
    <message>
        <source>Added</source>
        <translation>Ajouté</translation>
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
        <source>Autopay turned on</source>
        <translation>Paiement automatique activé</translation>
    </message>
    <message>
        <source>Autopay turned off</source>
        <translation>Paiement automatique désactivé</translation>
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
        <source>Autopay is paused: the default method can&apos;t be charged. Choose another default.</source>
        <translation>Le paiement automatique est suspendu&#xa0;: le mode par défaut ne peut pas être débité. Choisissez un autre mode par défaut.</translation>
    </message>
    <message>
        <source>Autopay</source>
        <translation>Paiement automatique</translation>
    </message>
    <message>
        <source>&amp;Enrolled in autopay</source>
        <translation>&amp;Inscrit au paiement automatique</translation>
    </message>
    <message>
        <source>When on, invoices are charged to the client&apos;s default payment method.</source>
        <translation>Lorsqu&apos;il est activé, les factures sont portées au mode de paiement par défaut du client.</translation>
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
        <source>Charges {method}, the default method.</source>
        <translation>Débite {method}, le mode par défaut.</translation>
    </message>
    <message>
        <source>Would charge {method}, the default method.</source>
        <translation>Débiterait {method}, le mode par défaut.</translation>
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
        <source>Owl Desktop</source>
        <translation>Owl Desktop</translation>
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
        <source>Being removed</source>
        <translation>Retrait en cours</translation>
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
        <source>Waiting for the micro-deposits to be verified: this account can&apos;t be used yet.</source>
        <translation>En attente de la vérification des microdépôts&#xa0;: ce compte ne peut pas encore être utilisé.</translation>
    </message>
    <message>
        <source>Changed on this desk; it will reach Stripe when the connection is back.</source>
        <translation>Modifié sur ce poste; Stripe sera mis à jour au retour de la connexion.</translation>
    </message>
    <message>
        <source>Removed on this desk; Stripe will be told when the connection is back.</source>
        <translation>Retiré sur ce poste; Stripe en sera informé au retour de la connexion.</translation>
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
        <translation>&amp;Ajouter un mode de paiement…</translation>
    </message>
    <message>
        <source>Payment methods can&apos;t be edited: to change one, remove it and add it again.</source>
        <translation>Les modes de paiement ne peuvent pas être modifiés&#xa0;: pour en changer un, retirez-le et ajoutez-le de nouveau.</translation>
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
        <source>Removal is permanent: the method is deleted from Stripe and can&apos;t be brought back. To use it again, it must be added again.</source>
        <translation>Le retrait est définitif&#xa0;: le mode de paiement est supprimé de Stripe et ne peut pas être récupéré. Pour l&apos;utiliser de nouveau, il faut l&apos;ajouter de nouveau.</translation>
    </message>
    <message>
        <source>This is the default method: until another default is chosen, autopay is paused for this client.</source>
        <translation>C&apos;est le mode par défaut&#xa0;: tant qu&apos;un autre mode par défaut n&apos;est pas choisi, le paiement automatique est suspendu pour ce client.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Autopay</source>
        <translation>Paiement automatique</translation>
    </message>
    <message>
        <source>No payment method on file.</source>
        <translation>Aucun mode de paiement au dossier.</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>Contact &amp;&amp; Clinic</source>
        <translation>Coordonnées &amp;&amp; clinique</translation>
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
            <numerusform>{status} – %n modification en attente de synchronisation</numerusform>
            <numerusform>{status} – %n modifications en attente de synchronisation</numerusform>
        </translation>
    </message>
    <message>
        <source>Stripe: sandbox (practice data)</source>
        <translation>Stripe&#xa0;: bac à sable (données d&apos;exercice)</translation>
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
    <name>StripePopup</name>
    <message>
        <source>Stripe</source>
        <translation>Stripe</translation>
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
        <source>This client can&apos;t be enrolled in autopay: no usable payment method is on file.</source>
        <translation>Ce client ne peut pas être inscrit au paiement automatique&#xa0;: aucun mode de paiement utilisable n&apos;est au dossier.</translation>
    </message>
    <message>
        <source>Add a card or a verified bank account first, then turn autopay on.</source>
        <translation>Ajoutez d&apos;abord une carte ou un compte bancaire vérifié, puis activez le paiement automatique.</translation>
    </message>
</context>
</TS>
