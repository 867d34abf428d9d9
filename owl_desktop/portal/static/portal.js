/*
 * The client portal's one script: *Add payment method* on My account, with Stripe.js.
 *
 * The server makes the SetupIntent (POST /account/setups) and hands this page its client
 * secret; Stripe.js confirms it with the card fields (Stripe's iframes: the numbers never reach
 * this page or the server) or with Stripe's pre-authorized debit window for a bank account; the
 * server then reads the result back from Stripe (POST /account/setups/<id>/complete) and the
 * page reloads to show the new method. Closing the dialog before that cancels the SetupIntent
 * (…/abandon). Every POST carries the session's CSRF token.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("add-dialog");
  if (!dialog) { return; }
  var data = dialog.dataset;
  var CARD_FIELDS = {cardNumber: "#card-number", cardExpiry: "#card-expiry", cardCvc: "#card-cvc"};
  var STYLE = {
    base: {color: "#1f2933", fontSize: "16px",
           fontFamily: "system-ui, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"},
    complete: {color: "#1a56db", iconColor: "#1a56db"},
    invalid: {color: "#c81e1e", iconColor: "#c81e1e"}
  };
  var CLASSES = {base: "stripe-field", complete: "field--complete", invalid: "field--invalid",
                 focus: "field--focus"};

  function $(selector) { return document.querySelector(selector); }

  var stripe = null;
  var elements = {};
  var complete = {};
  var kind = "";
  var setup = null;   // {id, client_secret, kind} of the SetupIntent this dialog confirms
  var busy = false;

  function showError(text) { $("#dialog-error").textContent = text || ""; }

  function post(url, fields) {
    var body = new URLSearchParams(fields || {});
    body.set("csrf", data.csrf);
    return fetch(url, {method: "POST", credentials: "same-origin", body: body,
                       headers: {"Content-Type": "application/x-www-form-urlencoded"}})
      .then(function (response) {
        if (response.status === 401) {
          window.location.assign("/sign-in?notice=session_ended");
          return new Promise(function () {});
        }
        return response.json().catch(function () { return {ok: false}; });
      }, function () { return {ok: false, message: data.textUnreachable}; });
  }

  function updateSave() {
    var save = $("#save");
    var holder = $("#holder").value.trim().length > 0;
    var ready = kind === "acss_debit" ? holder
      : holder && complete.cardNumber && complete.cardExpiry && complete.cardCvc;
    save.disabled = busy || !ready;
  }

  function setBusy(value) {
    busy = value;
    $("#save").textContent = value ? data.textWorking
      : (kind === "acss_debit" ? $("#save").dataset.bank : $("#save").dataset.card);
    $("#holder").disabled = value;
    $("#postal").disabled = value;
    Object.keys(elements).forEach(function (type) { elements[type].update({disabled: value}); });
    updateSave();
  }

  function mountCard() {
    if (elements.cardNumber) { return; }
    var group = stripe.elements({locale: data.locale});
    Object.keys(CARD_FIELDS).forEach(function (type) {
      var element = group.create(type, {style: STYLE, classes: CLASSES});
      element.on("change", function (event) {
        complete[type] = !!event.complete;
        document.getElementById(type + "-error").textContent =
          event.error ? (event.error.message || "") : "";
        showError("");
        updateSave();
      });
      element.on("escape", closeDialog);
      if (type === "cardNumber") {  // Stripe.js: the card fields failed to load
        element.on("loaderror", function () {
          complete = {};
          showError(data.textStripeMissing);
          updateSave();
        });
      }
      element.mount(CARD_FIELDS[type]);
      elements[type] = element;
    });
  }

  function choose(which) {
    kind = which;
    var isCard = which === "card";
    $("#kind-choice").hidden = true;
    $("#holder-row").hidden = false;
    $("#card-fields").hidden = !isCard;
    $("#bank-text").hidden = isCard;
    var label = $("#holder-label");
    label.textContent = isCard ? label.dataset.card : label.dataset.bank;
    var save = $("#save");
    save.hidden = false;
    save.textContent = isCard ? save.dataset.card : save.dataset.bank;
    if (!$("#holder").value) { $("#holder").value = data.name || ""; }
    if (isCard) {
      if (!$("#postal").value) { $("#postal").value = data.postal || ""; }
      mountCard();
    }
    updateSave();
    $("#holder").focus();
  }

  function openDialog() {
    kind = "";
    setup = null;
    showError("");
    $("#kind-choice").hidden = false;
    $("#holder-row").hidden = true;
    $("#card-fields").hidden = true;
    $("#bank-text").hidden = true;
    $("#save").hidden = true;
    dialog.showModal();
    $("#choose-card").focus();
  }

  function closeDialog() {
    if (setup && !busy) {
      post("/account/setups/" + encodeURIComponent(setup.id) + "/abandon");
      setup = null;
    }
    if (!busy && dialog.open) { dialog.close(); }
  }

  function billingDetails() {
    var details = {name: $("#holder").value.trim(), email: data.email || undefined};
    if (kind === "card") {
      var address = {country: "CA"};
      if (data.line1) { address.line1 = data.line1; }
      if (data.line2) { address.line2 = data.line2; }
      if (data.city) { address.city = data.city; }
      if (data.state) { address.state = data.state; }
      var postal = $("#postal").value.trim();
      if (postal) { address.postal_code = postal; }
      details.address = address;
    }
    return details;
  }

  /* Stripe.js shows 3-D Secure and the bank window in an overlay it adds to the page's body.
   * A modal <dialog> sits in the top layer above everything else and makes the rest of the
   * page inert, so that overlay would be covered and unclickable: while Stripe's step runs,
   * the dialog stays open but not modal (class stripe-step keeps it where it was). */
  function stripeStep(on) {
    if (!dialog.open || dialog.classList.contains("stripe-step") === on) { return; }
    dialog.close();
    dialog.classList.toggle("stripe-step", on);
    if (on) { dialog.show(); } else { dialog.showModal(); }
  }

  function confirmWithStripe() {
    if (kind === "acss_debit") {
      return stripe.confirmAcssDebitSetup(setup.client_secret, {
        payment_method: {billing_details: billingDetails()}
      });
    }
    return stripe.confirmCardSetup(setup.client_secret, {
      payment_method: {card: elements.cardNumber, billing_details: billingDetails()}
    });
  }

  function finish(result) {
    if (result.error) {
      setBusy(false);
      var intent = result.error.setup_intent;
      if (intent && intent.status === "canceled") { setup = null; }
      showError(result.error.message || data.textError);
      return null;
    }
    return post("/account/setups/" + encodeURIComponent(setup.id) + "/complete")
      .then(function (answer) {
        if (answer.ok) {
          setup = null;
          window.location.assign(afterSave(answer.redirect));
          return;
        }
        setBusy(false);
        showError(answer.message || data.textError);
      });
  }

  // Back where the dialog was opened from (the Book tab's held time), with the notice.
  function afterSave(redirect) {
    if (!data.returnTo) { return redirect; }
    var query = redirect.indexOf("?");
    return data.returnTo + (query >= 0 ? redirect.slice(query) : "");
  }

  function save(event) {
    event.preventDefault();
    if (busy || $("#save").disabled || !kind) { return; }
    showError("");
    setBusy(true);
    var ready = setup && setup.kind === kind ? Promise.resolve({ok: true, reuse: true})
      // From a booking hold (data-instant-bank): a bank account by bank login only.
      : post("/account/setups", {kind: kind, instant: data.instantBank === "1" ? "1" : ""});
    ready.then(function (answer) {
      if (!answer.ok) {
        setBusy(false);
        showError(answer.message || data.textError);
        return null;
      }
      if (!answer.reuse) { setup = {id: answer.id, client_secret: answer.client_secret, kind: kind}; }
      stripeStep(true);
      return confirmWithStripe().then(function (result) {
        stripeStep(false);
        return finish(result);
      });
    }).catch(function () {
      stripeStep(false);
      setBusy(false);
      showError(data.textError);
    });
  }

  if (typeof window.Stripe !== "function" || !data.publishableKey) {
    var line = $("#page-error");
    line.textContent = data.textStripeMissing;
    line.hidden = false;
    return;
  }
  stripe = window.Stripe(data.publishableKey, {locale: data.locale});
  var add = $("#add-method");
  add.disabled = false;
  add.addEventListener("click", openDialog);
  $("#choose-card").addEventListener("click", function () { choose("card"); });
  $("#choose-bank").addEventListener("click", function () { choose("acss_debit"); });
  $("#holder").addEventListener("input", updateSave);
  $("#cancel").addEventListener("click", closeDialog);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeDialog(); });
  $("#add-form").addEventListener("submit", save);
})();
