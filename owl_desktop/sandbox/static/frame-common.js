/*
 * Shared code of the Stripe.js double's frames (elements-frame.html, 3ds.html, acss.html) and
 * of the test bank's pop-up window (bank-login.html).
 *
 * These pages run on the sandbox's own origin, inside iframes of the host page, like
 * js.stripe.com's frames do: the host page cannot read them, and they talk to the host only
 * through postMessage with strict origin and source checks. They call the sandbox API on their
 * own origin, so card and bank numbers go from the frame straight to the API.
 */
(function () {
  'use strict';

  var MESSAGES = {
    en: {
      incomplete_number: 'Your card number is incomplete.',
      invalid_number: 'Your card number is invalid.',
      incomplete_expiry: 'Your card\u2019s expiration date is incomplete.',
      invalid_expiry_month: 'Your card\u2019s expiration month is invalid.',
      invalid_expiry_month_past: 'Your card\u2019s expiration date is in the past.',
      invalid_expiry_year: 'Your card\u2019s expiration year is invalid.',
      invalid_expiry_year_past: 'Your card\u2019s expiration year is in the past.',
      incomplete_cvc: 'Your card\u2019s security code is incomplete.',
      invalid_cvc: 'Your card\u2019s security code is invalid.',
      placeholder_number: '1234 1234 1234 1234',
      placeholder_expiry: 'MM / YY',
      placeholder_cvc: 'CVC',
      label_number: 'Credit or debit card number',
      label_expiry: 'Credit or debit card expiration date',
      label_cvc: 'Credit or debit card CVC/CVV',
      tds_title: '3D Secure 2 Test Page',
      tds_badge: 'TEST MODE',
      tds_body: 'This is a test page of the Owl Desktop sandbox. Real banks ask the cardholder ' +
        'to confirm the card here. Choose the outcome to simulate.',
      tds_complete: 'Complete authentication',
      tds_fail: 'Fail authentication',
      tds_working: 'Processing\u2026',
      network_error: 'We could not reach the payment service. Check the connection and try again.',
      acss_title: 'Bank account (pre-authorized debit)',
      acss_test_mode: 'TEST MODE \u2014 sandbox',
      acss_name: 'Account holder',
      acss_email: 'Email',
      acss_institution: 'Institution number',
      acss_transit: 'Transit number',
      acss_account: 'Account number',
      acss_institution_invalid: 'The institution number must be 3 digits.',
      acss_transit_invalid: 'The transit number must be 5 digits.',
      acss_account_invalid: 'The account number must be 7 to 12 digits.',
      acss_not_test: 'Only Stripe\u2019s test bank accounts work in the sandbox: institution ' +
        '000, transit 11000 and a test account number such as 000123456789.',
      acss_mandate_title: 'Pre-authorized debit agreement',
      acss_mandate: 'By clicking Accept, you authorize {merchant} to debit the bank account ' +
        'specified above for any amount owed for charges arising from your use of ' +
        '{merchant}\u2019s services and/or purchase of products from {merchant}, pursuant to ' +
        '{merchant}\u2019s website and terms, until this authorization is revoked. Payments will ' +
        'be debited {schedule}. This is a {transaction} pre-authorized debit. You may cancel ' +
        'this authorization at any time by contacting {merchant}. You have certain recourse ' +
        'rights if any debit does not comply with this agreement; for example, you have the ' +
        'right to receive reimbursement for any debit that is not authorized or is not ' +
        'consistent with this PAD agreement. For more information on your recourse rights, ' +
        'contact your financial institution or visit www.payments.ca. You waive the pre-' +
        'notification period for variable-amount debits.',
      acss_merchant: 'the clinic',
      acss_schedule_sporadic: 'when you use the clinic\u2019s services (sporadic)',
      acss_schedule_interval: 'on the schedule described: {interval}',
      acss_schedule_combined: 'on the schedule described ({interval}) and sporadically',
      acss_personal: 'personal',
      acss_business: 'business',
      acss_accept: 'Accept',
      acss_cancel: 'Cancel',
      acss_close: 'Close',
      acss_test_help: 'Sandbox: use Stripe\u2019s documented test institution, transit and ' +
        'account numbers.',
      acss_mandate_only: 'Accept the agreement below to use this bank account.',
      acss_choice_title: 'How would you like to connect your bank account?',
      acss_choice_title_instant: 'Connect your bank account by logging in to your bank.',
      acss_login_bank: 'Log in to your bank',
      acss_login_bank_help: 'Instant verification',
      acss_manual: 'Enter bank details manually',
      acss_manual_help: 'Institution, transit and account numbers; verified by micro-deposits ' +
        'in 1 to 2 business days',
      acss_login_waiting: 'Finish logging in to your bank in the window that opened.',
      acss_login_closed: 'The bank window was closed before an account was connected.',
      acss_login_blocked: 'The bank window could not be opened.',
      acss_connected: 'Connected: {bank} account ending in {last4}, verified instantly.',
      acss_back_to_login: 'Log in to your bank instead',
      bank_title: 'Stripe Test Bank',
      bank_intro: 'This is the sandbox\u2019s test bank: no username or password is needed. ' +
        'Choose the account to connect.',
      bank_choose: 'Accounts',
      bank_connect: 'Connect account',
      bank_working: 'Connecting\u2026',
      bank_no_opener: 'This window must be opened from the bank account dialog.',
      bank_chequing: 'Chequing',
      bank_savings: 'Savings',
      bank_outcome_success: 'payments succeed',
      bank_outcome_success_delayed: 'payments succeed, three minutes later',
      bank_outcome_insufficient_funds: 'payments fail (insufficient funds)',
      bank_outcome_insufficient_funds_delayed: 'payments fail (insufficient funds), three ' +
        'minutes later',
      bank_outcome_weekly_limit: 'payments fail (weekly volume limit)',
      bank_outcome_transaction_limit: 'payments fail (transaction limit)'
    },
    fr: {
      incomplete_number: 'Votre num\u00e9ro de carte est incomplet.',
      invalid_number: 'Votre num\u00e9ro de carte n\u2019est pas valide.',
      incomplete_expiry: 'La date d\u2019expiration de votre carte est incompl\u00e8te.',
      invalid_expiry_month: 'Le mois d\u2019expiration de votre carte n\u2019est pas valide.',
      invalid_expiry_month_past: 'La date d\u2019expiration de votre carte est d\u00e9j\u00e0 pass\u00e9e.',
      invalid_expiry_year: 'L\u2019ann\u00e9e d\u2019expiration de votre carte n\u2019est pas valide.',
      invalid_expiry_year_past: 'L\u2019ann\u00e9e d\u2019expiration de votre carte est d\u00e9j\u00e0 pass\u00e9e.',
      incomplete_cvc: 'Le code de s\u00e9curit\u00e9 de votre carte est incomplet.',
      invalid_cvc: 'Le code de s\u00e9curit\u00e9 de votre carte n\u2019est pas valide.',
      placeholder_number: '1234 1234 1234 1234',
      placeholder_expiry: 'MM / AA',
      placeholder_cvc: 'CVC',
      label_number: 'Num\u00e9ro de carte de cr\u00e9dit ou de d\u00e9bit',
      label_expiry: 'Date d\u2019expiration de la carte de cr\u00e9dit ou de d\u00e9bit',
      label_cvc: 'CVC/CVV de la carte de cr\u00e9dit ou de d\u00e9bit',
      tds_title: 'Page de test 3D Secure 2',
      tds_badge: 'MODE TEST',
      tds_body: 'Ceci est une page de test du bac \u00e0 sable Owl Desktop. Les vraies banques ' +
        'demandent ici au titulaire de confirmer la carte. Choisissez le r\u00e9sultat \u00e0 simuler.',
      tds_complete: 'R\u00e9ussir l\u2019authentification',
      tds_fail: '\u00c9chouer l\u2019authentification',
      tds_working: 'Traitement en cours\u2026',
      network_error: 'Impossible de joindre le service de paiement. V\u00e9rifiez la connexion ' +
        'et r\u00e9essayez.',
      acss_title: 'Compte bancaire (pr\u00e9l\u00e8vement pr\u00e9autoris\u00e9)',
      acss_test_mode: 'MODE TEST \u2014 bac \u00e0 sable',
      acss_name: 'Titulaire du compte',
      acss_email: 'Courriel',
      acss_institution: 'Num\u00e9ro d\u2019institution',
      acss_transit: 'Num\u00e9ro de transit',
      acss_account: 'Num\u00e9ro de compte',
      acss_institution_invalid: 'Le num\u00e9ro d\u2019institution doit compter 3 chiffres.',
      acss_transit_invalid: 'Le num\u00e9ro de transit doit compter 5 chiffres.',
      acss_account_invalid: 'Le num\u00e9ro de compte doit compter de 7 \u00e0 12 chiffres.',
      acss_not_test: 'Seuls les comptes bancaires de test de Stripe fonctionnent dans le bac ' +
        '\u00e0 sable\u00a0: institution 000, transit 11000 et un num\u00e9ro de compte de test ' +
        'comme 000123456789.',
      acss_mandate_title: 'Accord de pr\u00e9l\u00e8vement pr\u00e9autoris\u00e9 (DPA)',
      acss_mandate: 'En cliquant sur Accepter, vous autorisez {merchant} \u00e0 pr\u00e9lever sur le ' +
        'compte bancaire indiqu\u00e9 ci-dessus tout montant d\u00fb pour des frais d\u00e9coulant de ' +
        'votre utilisation des services de {merchant} ou de l\u2019achat de produits aupr\u00e8s de ' +
        '{merchant}, conform\u00e9ment au site Web et aux conditions de {merchant}, jusqu\u2019\u00e0 ' +
        'la r\u00e9vocation de cette autorisation. Les paiements seront pr\u00e9lev\u00e9s {schedule}. ' +
        'Il s\u2019agit d\u2019un pr\u00e9l\u00e8vement pr\u00e9autoris\u00e9 {transaction}. Vous pouvez ' +
        'annuler cette autorisation en tout temps en communiquant avec {merchant}. Vous disposez ' +
        'de certains droits de recours si un pr\u00e9l\u00e8vement n\u2019est pas conforme au pr\u00e9sent ' +
        'accord; par exemple, vous avez le droit de recevoir le remboursement de tout ' +
        'pr\u00e9l\u00e8vement non autoris\u00e9 ou non conforme au pr\u00e9sent accord de DPA. Pour en ' +
        'savoir plus sur vos droits de recours, communiquez avec votre institution financi\u00e8re ' +
        'ou visitez www.paiements.ca. Vous renoncez au d\u00e9lai de pr\u00e9avis pour les ' +
        'pr\u00e9l\u00e8vements de montant variable.',
      acss_merchant: 'la clinique',
      acss_schedule_sporadic: 'lorsque vous utilisez les services de la clinique (sporadique)',
      acss_schedule_interval: 'selon le calendrier d\u00e9crit\u00a0: {interval}',
      acss_schedule_combined: 'selon le calendrier d\u00e9crit ({interval}) et de fa\u00e7on sporadique',
      acss_personal: 'personnel',
      acss_business: 'd\u2019entreprise',
      acss_accept: 'Accepter',
      acss_cancel: 'Annuler',
      acss_close: 'Fermer',
      acss_test_help: 'Bac \u00e0 sable\u00a0: utilisez les num\u00e9ros de test ' +
        'd\u2019institution, de transit et de compte document\u00e9s par Stripe.',
      acss_mandate_only: 'Acceptez l\u2019accord ci-dessous pour utiliser ce compte bancaire.',
      acss_choice_title: 'Comment voulez-vous associer votre compte bancaire?',
      acss_choice_title_instant: 'Associez votre compte bancaire en vous connectant \u00e0 ' +
        'votre banque.',
      acss_login_bank: 'Se connecter \u00e0 votre banque',
      acss_login_bank_help: 'V\u00e9rification instantan\u00e9e',
      acss_manual: 'Saisir les coordonn\u00e9es bancaires manuellement',
      acss_manual_help: 'Num\u00e9ros d\u2019institution, de transit et de compte; ' +
        'v\u00e9rification par microd\u00e9p\u00f4ts en 1 \u00e0 2 jours ouvrables',
      acss_login_waiting: 'Terminez la connexion \u00e0 votre banque dans la fen\u00eatre ' +
        'qui s\u2019est ouverte.',
      acss_login_closed: 'La fen\u00eatre de la banque a \u00e9t\u00e9 ferm\u00e9e avant ' +
        'qu\u2019un compte soit associ\u00e9.',
      acss_login_blocked: 'La fen\u00eatre de la banque n\u2019a pas pu s\u2019ouvrir.',
      acss_connected: 'Compte associ\u00e9\u00a0: {bank}, se terminant par {last4}, ' +
        'v\u00e9rifi\u00e9 instantan\u00e9ment.',
      acss_back_to_login: 'Me connecter plut\u00f4t \u00e0 ma banque',
      bank_title: 'Banque de test Stripe',
      bank_intro: 'Ceci est la banque de test du bac \u00e0 sable\u00a0: aucun identifiant ' +
        'ni mot de passe n\u2019est requis. Choisissez le compte \u00e0 associer.',
      bank_choose: 'Comptes',
      bank_connect: 'Associer le compte',
      bank_working: 'Association en cours\u2026',
      bank_no_opener: 'Cette fen\u00eatre doit \u00eatre ouverte depuis la fen\u00eatre du ' +
        'compte bancaire.',
      bank_chequing: 'Compte ch\u00e8ques',
      bank_savings: '\u00c9pargne',
      bank_outcome_success: 'les paiements r\u00e9ussissent',
      bank_outcome_success_delayed: 'les paiements r\u00e9ussissent, trois minutes plus tard',
      bank_outcome_insufficient_funds: 'les paiements \u00e9chouent (fonds insuffisants)',
      bank_outcome_insufficient_funds_delayed: 'les paiements \u00e9chouent (fonds ' +
        'insuffisants), trois minutes plus tard',
      bank_outcome_weekly_limit: 'les paiements \u00e9chouent (limite hebdomadaire)',
      bank_outcome_transaction_limit: 'les paiements \u00e9chouent (limite par transaction)'
    }
  };

  /** Stripe's locale option ('auto', 'fr', 'fr-CA', 'en', ...) reduced to our two languages. */
  function language(locale) {
    var tag = (!locale || locale === 'auto') ? (navigator.language || 'en') : String(locale);
    return tag.toLowerCase().indexOf('fr') === 0 ? 'fr' : 'en';
  }

  function t(lang, key, vars) {
    var text = (MESSAGES[lang] && MESSAGES[lang][key]) || MESSAGES.en[key] || key;
    if (vars) {
      Object.keys(vars).forEach(function (name) {
        text = text.split('{' + name + '}').join(vars[name]);
      });
    }
    return text;
  }

  /** The frame's configuration, put in the URL fragment by stripe.js (never sent to a server). */
  function frameConfig() {
    try {
      return JSON.parse(decodeURIComponent(location.hash.slice(1))) || {};
    } catch (e) {
      return {};
    }
  }

  /**
   * The host page's origin. Chromium's ancestorOrigins can't be forged by the embedder; the
   * fragment value is only a fallback for engines without it.
   */
  function hostOrigin(config) {
    if (location.ancestorOrigins && location.ancestorOrigins.length) {
      return location.ancestorOrigins[0];
    }
    return config.host;
  }

  /** postMessage can't target an opaque origin ("null", e.g. a data: or file: host page). */
  function targetOrigin(origin) {
    return origin && origin !== 'null' ? origin : '*';
  }

  /**
   * A postMessage link to the host page: only messages from our parent window, from the host
   * origin, carrying our frame id are accepted.
   */
  function HostLink(config) {
    this.frameId = config.frameId;
    this.origin = hostOrigin(config);
    this.handlers = {};
    var self = this;
    window.addEventListener('message', function (event) {
      if (event.source !== window.parent || event.origin !== self.origin) return;
      var data = event.data;
      if (!data || data.__owlStripe !== 1 || data.frameId !== self.frameId || !data.cmd) return;
      var handler = self.handlers[data.cmd];
      if (!handler) return;
      Promise.resolve()
        .then(function () { return handler(data); })
        .then(function (result) {
          if (data.requestId) self.send('response', {requestId: data.requestId, result: result});
        }, function (err) {
          if (data.requestId) {
            self.send('response', {requestId: data.requestId, result: {error: {
              type: 'api_error', message: String(err && err.message || err)}}});
          }
        });
    });
  }
  HostLink.prototype.on = function (cmd, handler) { this.handlers[cmd] = handler; };
  HostLink.prototype.send = function (event, payload) {
    var msg = {__owlStripe: 1, frameId: this.frameId, event: event};
    Object.keys(payload || {}).forEach(function (k) { msg[k] = payload[k]; });
    window.parent.postMessage(msg, targetOrigin(this.origin));
  };

  /** Stripe's form encoding: nested keys as a[b][c], arrays indexed like stripe-python's. */
  function formEncode(obj) {
    var parts = [];
    function add(prefix, value) {
      if (value === undefined || value === null) return;
      if (Array.isArray(value)) {
        value.forEach(function (v, i) { add(prefix + '[' + i + ']', v); });
      } else if (typeof value === 'object') {
        Object.keys(value).forEach(function (k) { add(prefix ? prefix + '[' + k + ']' : k, value[k]); });
      } else {
        parts.push(encodeURIComponent(prefix) + '=' + encodeURIComponent(String(value)));
      }
    }
    add('', obj);
    return parts.join('&');
  }

  /**
   * Calls the sandbox API with the publishable key. Resolves {body, status}; network failures
   * resolve an api_connection_error body like Stripe.js reports them, never reject.
   */
  function api(method, path, params, publishableKey, lang) {
    var init = {
      method: method,
      headers: {'Authorization': 'Bearer ' + publishableKey},
      credentials: 'omit'
    };
    var url = path;
    if (method === 'GET') {
      var q = formEncode(params || {});
      if (q) url += (url.indexOf('?') < 0 ? '?' : '&') + q;
    } else {
      init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = formEncode(params || {});
    }
    return fetch(url, init).then(function (resp) {
      return resp.json().then(function (body) {
        return {status: resp.status, body: body};
      }, function () {
        return {status: resp.status, body: {error: {
          type: 'api_error', message: 'Unexpected response from the payment service.'}}};
      });
    }, function () {
      return {status: 0, body: {error: {
        type: 'api_connection_error', message: t(lang || 'en', 'network_error')}}};
    });
  }

  window.OwlStripeFrame = {
    MESSAGES: MESSAGES,
    language: language,
    t: t,
    frameConfig: frameConfig,
    HostLink: HostLink,
    formEncode: formEncode,
    api: api
  };
})();
