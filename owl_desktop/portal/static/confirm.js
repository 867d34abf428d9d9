/*
 * The portal's *Confirm payment* page: a card charge the client's bank wants them to
 * authenticate (3-D Secure), confirmed with Stripe.js.
 *
 * The server reads the waiting PaymentIntent and gives this page its client secret and the card
 * (POST …/confirm/start, this client's own payment only); Stripe.js confirms the same
 * PaymentIntent with that card and shows the bank's challenge (stripe.confirmCardPayment); the
 * server then reads the PaymentIntent back from Stripe and records it (POST …/confirm/finish),
 * and the page says what happened: paid, not confirmed (try again, or add another card), or
 * declined. Every POST carries the session's CSRF token.
 */
(function () {
  "use strict";

  var box = document.getElementById("confirm");
  if (!box) { return; }
  var data = box.dataset;
  var base = "/billing/payments/" + encodeURIComponent(data.paymentId) + "/confirm";
  var button = document.getElementById("confirm-button");
  var errorLine = document.getElementById("confirm-error");
  var doneLine = document.getElementById("confirm-done");
  var other = document.getElementById("confirm-other");
  var label = button.textContent;
  var stripe = null;

  function post(url) {
    var body = new URLSearchParams();
    body.set("csrf", data.csrf);
    return fetch(url, {method: "POST", credentials: "same-origin", body: body,
                       headers: {"Content-Type": "application/x-www-form-urlencoded"}})
      .then(function (response) {
        if (response.status === 401) {
          window.location.assign("/sign-in?notice=session_ended&next=" + encodeURIComponent(base));
          return new Promise(function () {});
        }
        return response.json().catch(function () { return {ok: false}; });
      }, function () { return {ok: false, message: data.textUnreachable}; });
  }

  function busy(on) {
    button.disabled = on;
    button.textContent = on ? data.textWorking : label;
    box.setAttribute("aria-busy", on ? "true" : "false");
  }

  function failed(message, canRetry) {
    busy(false);
    errorLine.textContent = message || data.textError;
    other.hidden = false;
    button.hidden = !canRetry;
  }

  function paid(message) {
    busy(false);
    errorLine.textContent = "";
    doneLine.textContent = message;
    doneLine.hidden = false;
    button.hidden = true;
    other.hidden = true;
    Array.prototype.forEach.call(box.querySelectorAll(".help"), function (p) { p.hidden = true; });
    box.dataset.state = "paid";
    doneLine.focus();
  }

  function finish() {
    return post(base + "/finish").then(function (answer) {
      if (answer.ok) { paid(answer.message); return; }
      if (answer.redirect) { window.location.assign(answer.redirect); return; }
      failed(answer.message, answer.retry !== false && answer.state !== "confirm_declined");
    });
  }

  function confirmPayment() {
    if (button.disabled) { return; }
    errorLine.textContent = "";
    busy(true);
    post(base + "/start").then(function (answer) {
      if (!answer.ok) {
        if (answer.state === "confirm_already_paid") { paid(answer.message); return null; }
        // The clinic tried the charge again: that one waits for the client instead.
        if (answer.redirect) { window.location.assign(answer.redirect); return null; }
        failed(answer.message, answer.state !== "confirm_not_awaiting");
        return null;
      }
      return stripe.confirmCardPayment(answer.client_secret,
                                       {payment_method: answer.payment_method})
        .then(function () {
          // Whatever Stripe.js says (paid, challenge failed or closed, declined), the server
          // reads the PaymentIntent itself and records it; its answer is what the page shows.
          return finish();
        });
    }).catch(function () { failed(data.textError, true); });
  }

  if (typeof window.Stripe !== "function" || !data.publishableKey) {
    errorLine.textContent = data.textStripeMissing;
    return;
  }
  stripe = window.Stripe(data.publishableKey, {locale: data.locale});
  doneLine.setAttribute("tabindex", "-1");
  button.disabled = false;
  button.addEventListener("click", confirmPayment);
})();
