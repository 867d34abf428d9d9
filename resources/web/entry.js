/*
 * Owl Desktop entry page logic.
 *
 * What comes in (from the app, through the QWebChannel object "owlEntry"):
 *   prepare(json)   {publishableKey, locale, texts}: builds Stripe and mounts the card fields
 *                   ahead of time, so the dialog is ready the moment it opens.
 *   open(json)      {kind: "card" | "acss_debit", prefill: {name, email, address}}.
 *   clientSecret(s) the SetupIntent's client secret, once the app has created it.
 *   confirm()       the staff clicked Save / Continue.
 *   busy(bool)      lock or unlock the form while the app works.
 *
 * Keyboard: Enter submits the form (a hidden default button; Stripe.js submits the parent form on
 * Enter inside its fields) and the page asks the app to save (submitRequested); Escape inside a
 * Stripe field ('escape' event) asks the app to close the dialog (escapePressed). Every edit,
 * in the page's inputs or a Stripe field's state, is reported (edited) so the app can drop a
 * message that no longer applies.
 *
 * What goes out: statuses, SetupIntent ids and Stripe's own messages, nothing else. The card and
 * bank fields are Stripe's iframes: their content is out of this page's reach, and the name and
 * address stay here (they go to Stripe as billing details, never to the app).
 */
(function () {
  "use strict";

  var CARD_FIELDS = ["cardNumber", "cardExpiry", "cardCvc"];
  var CONTAINERS = {cardNumber: "#card-number", cardExpiry: "#card-expiry", cardCvc: "#card-cvc"};
  // The colours DESIGN.md asks for: blue once a field is complete and valid, red when invalid.
  var VALID_COLOR = "#1a56db";
  var INVALID_COLOR = "#c81e1e";
  var ELEMENT_STYLE = {
    base: {
      color: "#1f2933",
      fontFamily: "system-ui, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
      fontSize: "14px",
      "::placeholder": {color: "#8a94a6"}
    },
    complete: {color: VALID_COLOR, iconColor: VALID_COLOR},
    invalid: {color: INVALID_COLOR, iconColor: INVALID_COLOR},
    empty: {}
  };
  var ELEMENT_CLASSES = {
    base: "stripe-field",
    complete: "field--complete",
    invalid: "field--invalid",
    empty: "field--empty"
  };

  var bridge = null;
  var stripe = null;
  var elements = {};
  var kind = "card";
  var clientSecret = "";
  var confirming = false;
  var fieldErrors = {};
  var fieldStates = {};   // the last change payload per field, as JSON (never the values)
  var focusedField = "";
  var readyFields = {};   // fields whose 'ready' came (Stripe.js may hold it while hidden)
  var focusWanted = "";   // a field to focus once it is ready
  var pageTexts = {};
  // Shown when a field is left incomplete and Stripe says nothing (its "incomplete" errors come
  // only after blur, and not from every Stripe.js version): the app's own words.
  var INCOMPLETE_KEYS = {cardNumber: "incomplete_number", cardExpiry: "incomplete_expiry",
                         cardCvc: "incomplete_cvc"};

  function $(selector) { return document.querySelector(selector); }

  function value(id) {
    var el = document.getElementById(id);
    return el ? el.value.trim() : "";
  }

  function setText(key, text) {
    var nodes = document.querySelectorAll('[data-text="' + key + '"]');
    for (var i = 0; i < nodes.length; i++) { nodes[i].textContent = text; }
  }

  function showMessage(text, info) {
    var box = $("#message");
    box.textContent = text || "";
    box.className = info ? "info" : "";
  }

  /** Each field's error under that field: several can show at once. */
  function showFieldErrors() {
    CARD_FIELDS.forEach(function (type) {
      var line = document.getElementById(type + "-error");
      if (line) { line.textContent = fieldErrors[type] || ""; }
    });
  }

  function setFieldError(type, message) {
    fieldErrors[type] = message || "";
    var container = $(CONTAINERS[type]);
    if (container) { container.classList.toggle("shows-incomplete", false); }
    showFieldErrors();
  }

  /** Where the caret is, drawn by the page (Stripe's own focus class can be left behind when
   * focus moves between its frame and the page without a blur reaching Stripe.js). */
  function markFocus(type) {
    focusedField = type;
    CARD_FIELDS.forEach(function (other) {
      var container = $(CONTAINERS[other]);
      if (container) { container.classList.toggle("has-focus", other === type); }
    });
  }

  /** Redraw focus from where the caret really is: the page's window can lose and regain the
   * keyboard (another window, the dialog shown again) without Stripe telling its field. */
  function syncFocus() {
    var found = "";
    if (document.hasFocus()) {
      var active = document.activeElement;
      CARD_FIELDS.forEach(function (type) {
        var container = $(CONTAINERS[type]);
        if (container && active && active !== document.body && container.contains(active)) {
          found = type;
        }
      });
    }
    markFocus(found);
  }

  var focusSyncQueued = false;
  /** After the focus events settle (activeElement moves after focusin / window focus). */
  function queueFocusSync() {
    if (focusSyncQueued) { return; }
    focusSyncQueued = true;
    setTimeout(function () { focusSyncQueued = false; syncFocus(); }, 0);
  }

  /** Left incomplete without Stripe's word on it: say so under the field, in red. */
  function onFieldBlur(type) {
    if (focusedField === type) { markFocus(""); }
    var state = fieldStates[type] ? JSON.parse(fieldStates[type]) : null;
    if (!state || state.empty || state.complete || state.error) { return; }
    var text = pageTexts[INCOMPLETE_KEYS[type]] || "";
    if (!text) { return; }
    fieldErrors[type] = text;
    var container = $(CONTAINERS[type]);
    if (container) { container.classList.add("shows-incomplete"); }
    showFieldErrors();
  }

  function edited() {
    if (bridge) { bridge.edited(); }
  }

  function reportHolder() {
    if (bridge) { bridge.holderChanged(value("name").length > 0); }
  }

  function applyTexts(texts) {
    Object.keys(texts || {}).forEach(function (key) { pageTexts[key] = texts[key]; });
    var keys = Object.keys(texts || {});
    for (var i = 0; i < keys.length; i++) { setText(keys[i], texts[keys[i]]); }
    if (texts && texts.title) { document.title = texts.title; }
  }

  function prepare(json) {
    var config = JSON.parse(json);
    applyTexts(config.texts);
    if (config.lang) { document.documentElement.lang = config.lang; }
    if (typeof window.Stripe !== "function") {
      bridge.prepareFailed("stripe_js_unavailable");
      return;
    }
    try {
      stripe = window.Stripe(config.publishableKey, {locale: config.locale});
      var group = stripe.elements({locale: config.locale});
      CARD_FIELDS.forEach(function (type) {
        var options = {style: ELEMENT_STYLE, classes: ELEMENT_CLASSES};
        // Staff type a client's card: no Link button, no wallet autofill (card number only
        // takes the option; Stripe.js refuses it on the others).
        if (type === "cardNumber") { options.disableLink = true; }
        var element = group.create(type, options);
        // Stripe.js may not say 'ready' while a field is hidden (the form is, until opened):
        // the page is prepared once the fields are mounted; 'ready' only releases a focus.
        element.on("ready", function () {
          readyFields[type] = true;
          if (focusWanted === type) { focusWanted = ""; element.focus(); }
        });
        element.on("change", function (event) {
          var error = event.error || null;
          var state = JSON.stringify({empty: !!event.empty, complete: !!event.complete,
                                      error: error ? String(error.code || "invalid") : ""});
          var changed = fieldStates[type] !== state;
          fieldStates[type] = state;
          setFieldError(type, error ? (error.message || "") : "");
          bridge.fieldChanged(type, !!event.empty, !!event.complete,
                              error ? String(error.code || "invalid") : "",
                              error ? String(error.message || "") : "");
          if (changed) { edited(); }
        });
        element.on("focus", function () {
          focusWanted = "";
          markFocus(type);
          queueFocusSync();
        });
        element.on("blur", function () { onFieldBlur(type); queueFocusSync(); });
        element.on("escape", function () { bridge.escapePressed(); });
        if (type === "cardNumber") {  // Stripe.js emits 'loaderror' from the card number only
          element.on("loaderror", function (event) {
            var error = (event && event.error) || {};
            console.error("Stripe's card fields failed to load: " + String(error.type || "") +
                          " " + String(error.code || ""));
            bridge.prepareFailed("stripe_load_error");
          });
        }
        element.mount(CONTAINERS[type]);
        elements[type] = element;
      });
      bridge.prepared();
    } catch (error) {
      console.error("Stripe could not be prepared: " + (error && error.message));
      bridge.prepareFailed("stripe_init_failed");
    }
  }

  function fillPrefill(prefill) {
    var address = prefill.address || {};
    $("#name").value = prefill.name || "";
    $("#email").value = prefill.email || "";
    $("#line1").value = address.line1 || "";
    $("#line2").value = address.line2 || "";
    $("#city").value = address.city || "";
    $("#state").value = address.state || "";
    $("#postal_code").value = address.postal_code || "";
  }

  // The billing postal code, checked like the client form's (rules from domain/clients.py,
  // rendered into the page): "" when acceptable, else the key of the page text to show.
  var addressRules = JSON.parse(($("#owl-address-rules") || {}).textContent || "{}");
  function postalProblem(province, postal) {
    var code = postal.trim().toUpperCase().replace(/\s+/g, "");
    if (!code) { return ""; }
    if (code.length === 6) { code = code.slice(0, 3) + " " + code.slice(3); }
    if (!new RegExp(addressRules.postalPattern || "^$").test(code)) { return "postal_format"; }
    var prefixes = (addressRules.postalPrefixes || {})[province];
    return prefixes && prefixes.indexOf(code[0]) < 0 ? "postal_province" : "";
  }
  window.owlPostalProblem = postalProblem;  // pure; the drift test calls it

  function checkAddress() {
    var problem = kind === "card" ? postalProblem(value("state"), value("postal_code")) : "";
    var text = problem ? (pageTexts[problem] || problem) : "";
    var prefixes = (addressRules.postalPrefixes || {})[value("state")] || "";
    $("#postal_code-error").textContent = text.replace("{letters}", prefixes.split("").join("/"));
    $("#postal_code").setAttribute("aria-invalid", problem ? "true" : "false");
    bridge.addressChecked(!problem);
  }

  function open(json) {
    var config = JSON.parse(json);
    kind = config.kind === "acss_debit" ? "acss_debit" : "card";
    fillPrefill(config.prefill || {});
    var isCard = kind === "card";
    $("#card").hidden = !isCard;
    $("#address").hidden = !isCard;
    $("#bank").hidden = isCard;
    $("#email-row").hidden = isCard;
    if (config.texts) { applyTexts(config.texts); }
    var nameLabel = pageTexts[isCard ? "name_label_card" : "name_label_bank"];
    if (nameLabel) { setText("name_label", nameLabel); }
    showMessage("");
    CARD_FIELDS.forEach(function (type) { setFieldError(type, ""); });
    markFocus("");
    setBusy(false);
    reportHolder();
    checkAddress();
    bridge.opened(kind);
    if (isCard && elements.cardNumber) { focusField("cardNumber"); }
  }

  /** Focus a card field now, or as soon as Stripe says it is ready (unless the caret has gone
   * somewhere meanwhile). */
  function focusField(type) {
    if (readyFields[type]) {
      focusWanted = "";
      elements[type].focus();
    } else {
      focusWanted = type;
    }
  }

  function billingDetails() {
    var details = {name: value("name")};
    if (kind === "acss_debit") {
      details.email = value("email");
      return details;
    }
    var address = {};
    var parts = ["line1", "line2", "city", "state", "postal_code"];
    for (var i = 0; i < parts.length; i++) {
      var part = value(parts[i]);
      if (part) { address[parts[i]] = part; }
    }
    if (Object.keys(address).length > 0) {
      address.country = "CA";
      details.address = address;
    }
    if (value("email")) { details.email = value("email"); }
    return details;
  }

  function setBusy(busy) {
    var form = $("#entry-form");
    form.className = busy ? "busy" : "";
    var inputs = form.querySelectorAll("input, select");
    for (var i = 0; i < inputs.length; i++) { inputs[i].disabled = busy; }
    CARD_FIELDS.forEach(function (type) {
      if (elements[type]) { elements[type].update({disabled: busy}); }
    });
  }

  function reportResult(result) {
    confirming = false;
    if (result.error) {
      // Closing Stripe's bank window before accepting resolves {error: {type:
      // "validation_error", code: "incomplete_payment_details"}} (no SetupIntent): reported as
      // is, the app tells it apart from a refusal by that code.
      var error = result.error;
      var intent = error.setup_intent || null;
      bridge.confirmFailed(String(error.type || ""), String(error.code || ""),
                           String(error.decline_code || ""), String(error.message || ""),
                           intent && intent.id ? String(intent.id) : "");
      return;
    }
    var setupIntent = result.setupIntent || {};
    var nextAction = setupIntent.next_action && setupIntent.next_action.type
      ? String(setupIntent.next_action.type) : "";
    bridge.confirmFinished(String(setupIntent.status || ""), String(setupIntent.id || ""),
                           nextAction);
  }

  function confirm() {
    if (confirming) { return; }
    if (!stripe || !clientSecret) {
      bridge.confirmFailed("owl_error", "not_ready", "", "", "");
      return;
    }
    confirming = true;
    var promise;
    try {
      if (kind === "acss_debit") {
        promise = stripe.confirmAcssDebitSetup(clientSecret, {
          payment_method: {billing_details: billingDetails()}
        });
      } else {
        promise = stripe.confirmCardSetup(clientSecret, {
          payment_method: {card: elements.cardNumber, billing_details: billingDetails()}
        });
      }
    } catch (error) {
      // Stripe.js throws IntegrationError synchronously on bad input: a developer message,
      // not one for staff, so only its kind is reported.
      confirming = false;
      console.error("Stripe refused the confirmation: " + (error && error.name));
      bridge.confirmFailed("owl_error", "integration_error", "", "", "");
      return;
    }
    promise.then(reportResult, function (error) {
      confirming = false;
      console.error("Stripe confirmation failed: " + (error && error.message));
      bridge.confirmFailed("owl_error", "confirm_exception", "", "", "");
    });
  }

  function connect(channel) {
    bridge = channel.objects.owlEntry;
    bridge.prepareRequested.connect(prepare);
    bridge.openRequested.connect(open);
    bridge.clientSecretProvided.connect(function (secret) { clientSecret = secret; });
    bridge.confirmRequested.connect(confirm);
    bridge.busyRequested.connect(setBusy);
    $("#name").addEventListener("input", reportHolder);
    $("#postal_code").addEventListener("input", checkAddress);
    $("#state").addEventListener("change", checkAddress);
    var form = $("#entry-form");
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    // The page's own inputs taking the caret: no Stripe field has it any more.
    form.addEventListener("focusin", function (event) {
      focusWanted = "";  // the caret went somewhere already: a late 'ready' leaves it there
      if (event.target && event.target.tagName !== "IFRAME") { markFocus(""); }
      queueFocusSync();
    });
    form.addEventListener("focusout", queueFocusSync);
    window.addEventListener("focus", queueFocusSync);
    window.addEventListener("blur", queueFocusSync);
    document.addEventListener("visibilitychange", queueFocusSync);
    // Not every way the caret comes and goes reaches this page as an event (a window switch,
    // the dialog shown again, focus restored straight into Stripe's frame): check it now and then.
    setInterval(syncFocus, 250);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      bridge.submitRequested();
    });
    bridge.pageLoaded();
  }

  if (typeof qt === "undefined" || !qt.webChannelTransport) {
    console.error("The app's channel is missing: this page only works inside Owl Desktop.");
    return;
  }
  new QWebChannel(qt.webChannelTransport, connect);
})();
