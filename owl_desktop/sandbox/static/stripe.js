/*
 * Owl Desktop sandbox — a double of Stripe.js v3, served by the sandbox at /v3/.
 *
 * Public surface (the same names, arguments and results as Stripe.js, so a page written against
 * it runs unchanged on https://js.stripe.com/v3/):
 *   Stripe(publishableKey, {locale})            locale: 'auto' | 'en' | 'fr' | 'fr-CA' | ...
 *   stripe.elements({locale})                   -> elements
 *   elements.create('cardNumber' | 'cardExpiry' | 'cardCvc', {style, classes, placeholder,
 *                   disabled} + cardNumber only: {showIcon, iconStyle, disableLink,
 *                   preferredNetwork}) -> element;  elements.getElement(type)
 *   element.mount(selectorOrDomElement), unmount(), destroy(), update(options: as create's but
 *           never disableLink / preferredNetwork), clear(), focus(), blur(),
 *           on/once/off('change' | 'ready' | 'focus' | 'blur' | 'escape', handler) + cardNumber
 *           only: 'networkschange' | 'loaderror' ({elementType, error}: its frame didn't load).
 *           Other options, style variants or properties,
 *           class names and events throw an IntegrationError. 'ready' fires once the field is
 *           rendered: not while its container is hidden.
 *     change payload: {elementType, empty, complete, error: {type: 'validation_error', code,
 *                      message} | undefined, brand (cardNumber only)}
 *   stripe.confirmCardSetup(clientSecret, {payment_method: {card: cardNumberElement,
 *                           billing_details} | 'pm_...'}, {handleActions})
 *   stripe.confirmAcssDebitSetup(clientSecret, {payment_method: {billing_details: {name, email}}
 *                                | 'pm_...' | omitted (already attached), expand}, {skipMandate})
 *     closing the dialog unaccepted resolves {error: {type: 'validation_error',
 *                                              code: 'incomplete_payment_details', message}}
 *   stripe.verifyMicrodepositsForSetup(clientSecret, {amounts: [32, 45]} | {descriptor_code})
 *   stripe.confirmCardPayment(clientSecret, {payment_method: 'pm_...' | {card:
 *                             cardNumberElement, billing_details} | omitted}, {handleActions})
 *     -> {paymentIntent} | {error} (a failed or closed 3-D Secure challenge: error.code
 *        'payment_intent_authentication_failure' with error.payment_intent)
 *   stripe.retrievePaymentIntent(clientSecret) -> {paymentIntent} | {error}
 *   stripe.retrieveSetupIntent(clientSecret), stripe.handleNextAction({clientSecret}) (a
 *     SetupIntent's or a PaymentIntent's secret),
 *   stripe.createPaymentMethod({type: 'card', card: cardNumberElement, billing_details})
 *   Every promise resolves {setupIntent} / {paymentIntent} / {paymentMethod} or {error} (API, card and validation
 *   errors alike) and never rejects; misuse throws an IntegrationError synchronously, as Stripe's.
 *
 * Isolation: each field is an iframe of the sandbox origin (elements-frame.html); the host page
 * can't read it. The cardNumber frame reads its sibling expiry/CVC frames (same origin) and posts
 * the card to /v1/payment_methods itself; this file only sends billing details and the client
 * secret. 3-D Secure (3ds.html) and the pre-authorized debit form (acss.html) are modal iframes of
 * the sandbox origin too. All messages are postMessage with origin and source checks.
 *
 * Bank accounts (confirmAcssDebitSetup), like Stripe's dialog, per the SetupIntent's
 * payment_method_options.acss_debit.verification_method:
 *   automatic      the dialog offers "Log in to your bank" (instant verification: the SetupIntent
 *                  succeeds with an active mandate) or "Enter bank details manually" (micro-
 *                  deposits: requires_action / verify_with_microdeposits);
 *   instant        the bank login only;     microdeposits   the manual form only.
 * The bank login is a POP-UP WINDOW (window.open of bank-login.html, sandbox origin, the
 * sandbox's "Stripe Test Bank"): the host app must let window.open create a window
 * (QWebEnginePage.createWindow) and close it on windowCloseRequested. The customer picks one of
 * Stripe's PAD test accounts and connects it; the pop-up reports only a PaymentMethod id, bank
 * name and last 4 to the dialog (same origin, nonce-checked postMessage), never to the host
 * page. Closing the pop-up without connecting brings the choice back. Accept then confirms with
 * mandate_data[customer_acceptance][online][infer_from_client]=true, as Stripe.js does.
 * (Server side: owl_desktop/sandbox/acss_js.py, sandbox-only routes /_sandbox/acss/...)
 *
 * TEST HOOKS (sandbox only — real Stripe.js has none of this):
 *   1. Real keystrokes: element.focus(), wait for its 'focus' event, then send key events to the
 *      web view (pytest-qt: QTest.keyClicks(view.focusProxy(), "4242424242424242")). The view must
 *      be shown. For about half a second after a page loads, Chromium drops keys bound for the
 *      cross-origin frames (their compositor surfaces aren't wired yet): send the first key until
 *      a 'change' event shows it landed, then the rest (tests/gui/sandbox_js/conftest.py, key_in).
 *      Tests can read inside a frame with QWebEngineFrame.runJavaScript (page.mainFrame()
 *      .children(); the frame URL's fragment holds "type":"cardNumber"; the input is #field).
 *   2. window.__stripeSandbox (faster):
 *        .type(elementType, text) -> Promise<{typed}>  types into that field, one character at
 *                                 a time ({typed: false} if the field is disabled)
 *        .clear(elementType)      -> Promise
 *        .elements()              -> [{elementType, mounted, ready, empty, complete, error,
 *                                     brand, focused, options}] (the last change payloads and
 *                                     the create/update options; never the values)
 *        .modal()                 -> null | 'threeDS' | 'acss'   (the open modal, if any)
 *        .threeDS('complete' | 'fail') -> Promise<bool>   clicks the 3-D Secure page's button
 *        .acss(action, arg) -> Promise<bool>   drives the bank-account modal (waits up to 10 s
 *                                 for it to open; false when the step isn't possible now):
 *           'choose', 'instant'   clicks "Log in to your bank": the pop-up opens (true once
 *                                 window.open gave a window)
 *           'choose', 'manual'    clicks "Enter bank details manually" (false for 'instant')
 *           'instant', {account}  the whole bank login: opens the pop-up if needed, picks the
 *                                 test account there and clicks Connect in it; true once the
 *                                 dialog shows the connected account (then 'accept').
 *                                 account: 'success' | 'success_delayed' |
 *                                 'insufficient_funds' | 'insufficient_funds_delayed' |
 *                                 'weekly_limit' | 'transaction_limit' (institution 000,
 *                                 transit 11000, Stripe's test accounts 000123456789,
 *                                 900123456789, 000222222227, 900222222227, 000777777771,
 *                                 000888888881); debits settle or fail as those do.
 *           'closeLogin'          the customer leaves the bank window (its Cancel button,
 *                                 window.close()); true once the dialog is back to the choice
 *           'fill', {institution, transit, account}   types the numbers (choosing manual
 *                                 entry first if the dialog is on the choice)
 *           'accept' / 'cancel'   clicks Accept (false while there's nothing to accept) /
 *                                 Cancel
 *        .acssState()             -> Promise<null | {screen: 'loading' | 'choice' | 'login' |
 *                                 'manual' | 'connected' | 'mandate', verificationMethod,
 *                                 loginOpen, connected}>   the bank dialog's step
 *      The hooks push input into the frames; nothing ever comes back out of them but the change
 *      payloads a host page sees anyway.
 */
(function () {
  'use strict';

  if (window.Stripe && window.Stripe.__owlSandbox) return;

  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : location.href, location.href);
  var ORIGIN = scriptUrl.origin;
  var basePath = scriptUrl.pathname.replace(/\/v3$/, '/v3/').replace(/[^/]*$/, '');
  var BASE = ORIGIN + basePath;
  var VERSION = 'owl-sandbox-3';

  function IntegrationError(message) {
    var err = new Error(message);
    err.name = 'IntegrationError';
    Object.setPrototypeOf(err, IntegrationError.prototype);
    return err;
  }
  IntegrationError.prototype = Object.create(Error.prototype);
  IntegrationError.prototype.constructor = IntegrationError;
  IntegrationError.prototype.name = 'IntegrationError';

  // ---- messaging with the sandbox-origin frames ------------------------------------------

  var nextId = 1;
  function uid(prefix) {
    var rand = Math.random().toString(36).slice(2, 10);
    return prefix + (nextId++) + '_' + rand;
  }

  var frames = {};  // frameId -> FrameLink

  /** One iframe of the sandbox origin and the commands and events it exchanges with us. */
  function FrameLink(page, params, onEvent) {
    this.id = uid('owlFrame');
    this.onEvent = onEvent;
    this.pending = {};
    this.queue = [];
    this.loaded = false;
    var config = {frameId: this.id, host: location.origin};
    Object.keys(params || {}).forEach(function (k) { config[k] = params[k]; });
    this.iframe = document.createElement('iframe');
    this.iframe.src = BASE + page + '#' + encodeURIComponent(JSON.stringify(config));
    frames[this.id] = this;
  }
  FrameLink.prototype.post = function (msg) {
    var win = this.iframe.contentWindow;
    if (win) win.postMessage(msg, ORIGIN);
  };
  /** Sends a command; resolves with the frame's answer. Queued until the frame has loaded. */
  FrameLink.prototype.request = function (cmd, payload) {
    var self = this;
    return new Promise(function (resolve) {
      var msg = {__owlStripe: 1, frameId: self.id, cmd: cmd, requestId: uid('req')};
      Object.keys(payload || {}).forEach(function (k) { msg[k] = payload[k]; });
      self.pending[msg.requestId] = resolve;
      if (self.loaded) self.post(msg); else self.queue.push(msg);
    });
  };
  FrameLink.prototype.handle = function (data) {
    if (data.event === 'loaded') {
      this.loaded = true;
      var queued = this.queue;
      this.queue = [];
      for (var i = 0; i < queued.length; i++) this.post(queued[i]);
    } else if (data.event === 'response') {
      var resolve = this.pending[data.requestId];
      delete this.pending[data.requestId];
      if (resolve) resolve(data.result);
      return;
    }
    if (this.onEvent) this.onEvent(data);
  };
  FrameLink.prototype.dispose = function () {
    delete frames[this.id];
    var pending = this.pending;
    this.pending = {};
    Object.keys(pending).forEach(function (k) {
      pending[k]({error: {type: 'api_error', message: 'The frame was removed.'}});
    });
    if (this.iframe.parentNode) this.iframe.parentNode.removeChild(this.iframe);
  };

  window.addEventListener('message', function (event) {
    if (event.origin !== ORIGIN) return;
    var data = event.data;
    if (!data || data.__owlStripe !== 1 || typeof data.frameId !== 'string') return;
    var link = frames[data.frameId];
    if (!link || event.source !== link.iframe.contentWindow) return;
    link.handle(data);
  });

  // ---- API calls the host page may make (publishable key, client secret) ------------------

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

  function api(key, method, path, params) {
    var init = {method: method, headers: {'Authorization': 'Bearer ' + key}, credentials: 'omit'};
    var url = ORIGIN + path;
    if (method === 'GET') {
      var q = formEncode(params || {});
      if (q) url += '?' + q;
    } else {
      init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = formEncode(params || {});
    }
    return fetch(url, init).then(function (resp) {
      return resp.json().catch(function () {
        return {error: {type: 'api_error', message: 'Unexpected response from the payment service.'}};
      });
    }, function () {
      return {error: {type: 'api_connection_error',
        message: 'We could not reach the payment service. Check the connection and try again.'}};
    });
  }

  // A SetupIntent's (seti_) or a PaymentIntent's (pi_) client secret: ${id}_secret_${secret}.
  function intentId(clientSecret, method, prefix) {
    var pattern = prefix === 'any' ? /^((?:seti|pi)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/ :
      prefix === 'pi' ? /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/ :
      /^(seti_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;
    var m = typeof clientSecret === 'string' && pattern.exec(clientSecret);
    if (!m) {
      throw IntegrationError('Invalid value for ' + method + ': intentSecret should be a client ' +
        'secret of the form ${id}_secret_${secret}. You specified: ' + clientSecret + '.');
    }
    return m[1];
  }

  function resultFromIntent(body) {
    if (body && body.error) return {error: body.error};
    return {setupIntent: body};
  }

  function isPaymentIntent(id) { return id.indexOf('pi_') === 0; }

  function resultFromPaymentIntent(body) {
    if (body && body.error) return {error: body.error};
    return {paymentIntent: body};
  }

  /** After a 3-D Secure or bank modal: a failed attempt becomes {error} like Stripe.js's
   * (error.setup_intent or error.payment_intent: the intent as it is now). */
  function resultAfterAction(body) {
    if (body && body.error) return {error: body.error};
    var payment = body && body.object === 'payment_intent';
    var last = body && (payment ? body.last_payment_error : body.last_setup_error);
    if (body && body.status === 'requires_payment_method' && last) {
      var error = {};
      Object.keys(last).forEach(function (k) { error[k] = last[k]; });
      error[payment ? 'payment_intent' : 'setup_intent'] = body;
      return {error: error};
    }
    return payment ? {paymentIntent: body} : {setupIntent: body};
  }

  // ---- modals (3-D Secure challenge, pre-authorized debit form) ---------------------------

  var activeModal = null;  // {kind, link}

  function openModal(kind, page, locale, init) {
    return new Promise(function (resolve) {
      var overlay = document.createElement('div');
      overlay.setAttribute('data-owl-stripe-modal', kind);
      overlay.style.cssText = 'position:fixed!important;left:0;top:0;right:0;bottom:0;' +
        'z-index:2147483647!important;background:rgba(0,0,0,0.5);display:flex;' +
        'align-items:center;justify-content:center;margin:0;padding:0;';
      var link = new FrameLink(page, {locale: locale}, function (data) {
        if (data.event === 'loaded') {
          link.request('init', init);
          link.iframe.focus();
        } else if (data.event === 'done') {
          if (activeModal && activeModal.link === link) activeModal = null;
          link.dispose();
          if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
          resolve(data.result || {});
        }
      });
      link.iframe.setAttribute('title', kind === 'threeDS' ? '3D Secure authentication' :
        'Bank account details');
      link.iframe.setAttribute('frameborder', '0');
      var size = kind === 'threeDS' ? 'width:min(460px,96vw);height:min(340px,96vh);' :
        'width:min(520px,96vw);height:min(640px,96vh);';
      link.iframe.style.cssText = 'border:none;background:#fff;border-radius:8px;' +
        'box-shadow:0 10px 40px rgba(0,0,0,0.4);' + size;
      overlay.appendChild(link.iframe);
      (document.body || document.documentElement).appendChild(overlay);
      activeModal = {kind: kind, link: link};
    });
  }

  // ---- Elements ---------------------------------------------------------------------------

  var ELEMENT_TYPES = ['cardNumber', 'cardExpiry', 'cardCvc'];
  var LOAD_TIMEOUT_MS = 20000;  // an Element whose frame hasn't answered by then failed to load
  var DEFAULT_CLASSES = {
    base: 'StripeElement', complete: 'StripeElement--complete', empty: 'StripeElement--empty',
    focus: 'StripeElement--focus', invalid: 'StripeElement--invalid',
    webkitAutofill: 'StripeElement--webkit-autofill'
  };
  // What real Stripe.js accepts per Element type (@stripe/stripe-js: elements/card-number.d.ts,
  // card-expiry.d.ts, card-cvc.d.ts, base.d.ts); anything else throws an IntegrationError, so a
  // page that works here can't lean on something Stripe.js rejects.
  var EVENTS = {
    cardNumber: ['change', 'ready', 'focus', 'blur', 'escape', 'networkschange', 'loaderror'],
    cardExpiry: ['change', 'ready', 'focus', 'blur', 'escape'],
    cardCvc: ['change', 'ready', 'focus', 'blur', 'escape']
  };
  var COMMON_OPTIONS = ['classes', 'style', 'placeholder', 'disabled'];
  var CREATE_OPTIONS = {
    cardNumber: COMMON_OPTIONS.concat(['showIcon', 'iconStyle', 'disableLink',
                                       'preferredNetwork']),
    cardExpiry: COMMON_OPTIONS, cardCvc: COMMON_OPTIONS
  };
  var UPDATE_OPTIONS = {
    cardNumber: COMMON_OPTIONS.concat(['showIcon', 'iconStyle']),
    cardExpiry: COMMON_OPTIONS, cardCvc: COMMON_OPTIONS
  };
  var STYLE_VARIANTS = ['base', 'complete', 'empty', 'invalid'];
  var STYLE_PROPERTIES = ['backgroundColor', 'color', 'fontFamily', 'fontSize', 'fontSmoothing',
    'fontStyle', 'fontVariant', 'fontWeight', 'iconColor', 'lineHeight', 'letterSpacing',
    'textAlign', 'padding', 'textDecoration', 'textShadow', 'textTransform'];
  var STYLE_PSEUDOS = [':hover', ':focus', '::placeholder', '::selection', ':-webkit-autofill',
    ':disabled', '::-ms-clear'];
  var CLASS_NAMES = ['base', 'complete', 'empty', 'focus', 'invalid', 'webkitAutofill'];
  var CARD_BRANDS = ['cartes_bancaires', 'mastercard', 'visa'];
  var mountedElements = [];  // for the test hooks: the latest mounted element per type wins

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function unknownKey(method, where, key, allowed) {
    return IntegrationError('Invalid ' + method + '() parameter: ' + where + key + ' is not a ' +
      'recognized parameter. Valid parameters are: ' + allowed.join(', ') + '.');
  }

  function checkStyleProperties(method, where, props, pseudoAllowed) {
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      if (key.charAt(0) === ':' && pseudoAllowed) {
        var parts = key.match(/::?[-a-z]+/g) || [];
        if (parts.join('') !== key || !parts.every(function (p) {
          return STYLE_PSEUDOS.indexOf(p) >= 0;
        })) {
          throw unknownKey(method, where, key, STYLE_PSEUDOS);
        }
        if (!isPlainObject(value)) {
          throw IntegrationError('Invalid value for ' + method + '(): ' + where + key +
            ' should be an object. You specified: ' + JSON.stringify(value) + '.');
        }
        checkStyleProperties(method, where + key + '.', value, false);
        return;
      }
      if (STYLE_PROPERTIES.indexOf(key) < 0 && !(key === 'display' && /::-ms-clear\.$/.test(where))) {
        throw unknownKey(method, where, key, STYLE_PROPERTIES);
      }
      var numeric = key === 'fontWeight' && typeof value === 'number';
      if (typeof value !== 'string' && !numeric) {
        throw IntegrationError('Invalid value for ' + method + '(): ' + where + key +
          ' should be a string. You specified: ' + JSON.stringify(value) + '.');
      }
    });
  }

  /** Throws Stripe.js's IntegrationError for options ``create``/``update`` doesn't take. */
  function checkElementOptions(method, type, options, allowed) {
    if (options === undefined || options === null) return;
    if (!isPlainObject(options)) {
      throw IntegrationError('Invalid value for ' + method + '(): options should be an object. ' +
        'You specified: ' + JSON.stringify(options) + '.');
    }
    Object.keys(options).forEach(function (key) {
      var value = options[key];
      if (allowed.indexOf(key) < 0) throw unknownKey(method, '', key, allowed);
      if (value === undefined) return;
      function wrong(expected) {
        return IntegrationError('Invalid value for ' + method + '(): ' + key + ' should be ' +
          expected + '. You specified: ' + JSON.stringify(value) + '.');
      }
      if (key === 'style') {
        if (!isPlainObject(value)) throw wrong('an object');
        Object.keys(value).forEach(function (variant) {
          if (STYLE_VARIANTS.indexOf(variant) < 0) {
            throw unknownKey(method, 'style.', variant, STYLE_VARIANTS);
          }
          if (!isPlainObject(value[variant])) throw wrong('an object of style variants');
          checkStyleProperties(method, 'style.' + variant + '.', value[variant], true);
        });
      } else if (key === 'classes') {
        if (!isPlainObject(value)) throw wrong('an object');
        Object.keys(value).forEach(function (name) {
          if (CLASS_NAMES.indexOf(name) < 0) throw unknownKey(method, 'classes.', name, CLASS_NAMES);
          if (typeof value[name] !== 'string') throw wrong('an object of strings');
        });
      } else if (key === 'placeholder') {
        if (typeof value !== 'string') throw wrong('a string');
      } else if (key === 'iconStyle') {
        if (value !== 'default' && value !== 'solid') {
          throw wrong('one of the following strings: default, solid');
        }
      } else if (key === 'preferredNetwork') {
        if (!Array.isArray(value) || !value.every(function (b) {
          return CARD_BRANDS.indexOf(b) >= 0;
        })) {
          throw wrong('an array of these strings: ' + CARD_BRANDS.join(', '));
        }
      } else if (typeof value !== 'boolean') {  // disabled, showIcon, disableLink
        throw wrong('a boolean');
      }
    });
  }

  function copy(obj) { return JSON.parse(JSON.stringify(obj === undefined ? null : obj)); }

  function Element(group, type, options) {
    this._group = group;
    this._type = type;
    this._options = options || {};
    this._handlers = {};
    this._link = null;
    this._wrapper = null;
    this._container = null;
    this._destroyed = false;
    this._state = {empty: true, complete: false, error: undefined, brand: 'unknown', focused: false};
  }

  Element.prototype._classes = function () {
    var out = {};
    var custom = this._options.classes || {};
    Object.keys(DEFAULT_CLASSES).forEach(function (k) {
      out[k] = (custom[k] !== undefined ? String(custom[k]) : DEFAULT_CLASSES[k])
        .split(/\s+/).filter(Boolean);
    });
    return out;
  };

  Element.prototype._applyClasses = function () {
    var el = this._container;
    if (!el) return;
    var cls = this._classes();
    var st = this._state;
    var want = {base: true, complete: st.complete, empty: st.empty, focus: st.focused,
                invalid: !!st.error, webkitAutofill: false};
    Object.keys(cls).forEach(function (k) {
      cls[k].forEach(function (c) { el.classList.toggle(c, !!want[k]); });
    });
  };

  Element.prototype._removeClasses = function () {
    var el = this._container;
    if (!el) return;
    var cls = this._classes();
    Object.keys(cls).forEach(function (k) {
      cls[k].forEach(function (c) { el.classList.remove(c); });
    });
  };

  Element.prototype._emit = function (event, payload) {
    var list = (this._handlers[event] || []).slice();
    for (var i = 0; i < list.length; i++) {
      var h = list[i];
      if (h.once) this.off(event, h.fn);
      try {
        h.fn(copy(payload) || {});
      } catch (e) {
        setTimeout(function () { throw e; }, 0);
      }
    }
  };

  Element.prototype._checkAlive = function () {
    if (this._destroyed) {
      throw IntegrationError('This Element has already been destroyed. Please create a new one.');
    }
  };

  Element.prototype.on = function (event, handler) {
    if (typeof handler !== 'function') {
      throw IntegrationError('When adding an event listener, the second argument must be a function.');
    }
    var events = EVENTS[this._type];
    if (events.indexOf(event) < 0) {
      throw IntegrationError('Invalid value for on(): event should be one of the following ' +
        'strings: ' + events.join(', ') + '. You specified: ' + event + '.');
    }
    (this._handlers[event] = this._handlers[event] || []).push({fn: handler, once: false});
    return this;
  };
  Element.prototype.addEventListener = Element.prototype.on;
  Element.prototype.once = function (event, handler) {
    this.on(event, handler);
    this._handlers[event][this._handlers[event].length - 1].once = true;
    return this;
  };
  Element.prototype.off = function (event, handler) {
    if (!this._handlers[event]) return this;
    this._handlers[event] = handler ? this._handlers[event].filter(function (h) {
      return h.fn !== handler;
    }) : [];
    return this;
  };
  Element.prototype.removeEventListener = Element.prototype.off;

  Element.prototype.mount = function (target) {
    this._checkAlive();
    var el = target;
    if (typeof target === 'string') {
      el = document.querySelector(target);
      if (!el) {
        throw IntegrationError('The selector you specified (' + target + ') applies to no DOM ' +
          'elements that are currently on the page.\nMake sure the element exists on the page ' +
          'before calling mount().');
      }
    }
    if (!el || el.nodeType !== 1) {
      throw IntegrationError('Invalid DOM element. Make sure to call mount() with a valid DOM ' +
        'element or selector.');
    }
    if (this._link) {
      throw IntegrationError('This Element is already mounted. Use `unmount` to unmount the ' +
        'Element before re-mounting.');
    }
    var self = this;
    var link = new FrameLink('elements-frame.html', {
      type: this._type, group: this._group._id, locale: this._group._locale
    }, function (data) { self._onFrameEvent(data); });
    this._link = link;
    var iframe = link.iframe;
    iframe.name = '__privateStripeFrame' + link.id;
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('allowtransparency', 'true');
    iframe.setAttribute('scrolling', 'no');
    iframe.setAttribute('role', 'presentation');
    iframe.setAttribute('title', {cardNumber: 'Secure card number input frame',
      cardExpiry: 'Secure expiration date input frame', cardCvc: 'Secure CVC input frame'}[this._type]);
    iframe.style.cssText = 'border:none!important;margin:0!important;padding:0!important;' +
      'width:1px!important;min-width:100%!important;overflow:hidden!important;display:block!important;' +
      'user-select:none!important;transform:translate(0px)!important;color-scheme:light only!important;' +
      'height:19.2px;';
    var wrapper = document.createElement('div');
    wrapper.className = '__PrivateStripeElement';
    wrapper.style.cssText = 'margin:0!important;padding:0!important;border:none!important;' +
      'display:block!important;background:transparent!important;position:relative!important;' +
      'opacity:1!important;';
    wrapper.appendChild(iframe);
    this._wrapper = wrapper;
    this._container = el;
    el.appendChild(wrapper);
    this._applyClasses();
    mountedElements.push(this);
    this._initialized = false;
    this._init(true);
  };

  /** Sends the options to the frame; the first time, 'ready' follows. */
  Element.prototype._init = function (first) {
    var self = this;
    var link = this._link;
    if (first) {
      setTimeout(function () {  // the frame never answered: it didn't load
        if (self._link === link && !self._initialized) self._loadFailed();
      }, LOAD_TIMEOUT_MS);
    }
    link.request('init', {options: copy(this._frameOptions()), locale: this._group._locale})
      .then(function (result) {
        if (self._link !== link) return;
        self._initialized = true;
        if (result && result.height) link.iframe.style.height = result.height + 'px';
        if (first) self._readyWhenShown(link);
      });
  };

  /** 'ready' once the field is rendered: like Stripe.js, not while its container is hidden
   * (display: none), however long that lasts. */
  Element.prototype._readyWhenShown = function (link) {
    var self = this;
    (function check() {
      if (self._link !== link) return;
      var shown = self._container && self._container.getClientRects().length > 0;
      if (!shown) {
        setTimeout(check, 100);
        return;
      }
      self._ready = true;
      self._emit('ready', {elementType: self._type});
    })();
  };

  Element.prototype._frameOptions = function () {
    var o = this._options;
    return {style: o.style, placeholder: o.placeholder, disabled: o.disabled,
            showIcon: o.showIcon, iconStyle: o.iconStyle};
  };

  Element.prototype._onFrameEvent = function (data) {
    var st = this._state;
    if (data.event === 'loaded' && this._initialized) {
      // The iframe reloaded (its container moved in the DOM): set it up again. Its text is
      // gone, so the page hears that the field is empty again.
      var wasEmpty = st.empty && !st.error;
      this._state = st = {empty: true, complete: false, error: undefined, brand: 'unknown',
                          focused: false};
      this._applyClasses();
      this._init(false);
      if (!wasEmpty) {
        var reset = {elementType: this._type, empty: true, complete: false, error: undefined};
        if (this._type === 'cardNumber') reset.brand = 'unknown';
        this._emit('change', reset);
      }
    } else if (data.event === 'change') {
      var p = data.payload || {};
      st.empty = !!p.empty;
      st.complete = !!p.complete;
      st.error = p.error || undefined;
      if (this._type === 'cardNumber') st.brand = p.brand || 'unknown';
      this._applyClasses();
      var payload = {elementType: this._type, empty: st.empty, complete: st.complete,
                     error: st.error};
      if (this._type === 'cardNumber') payload.brand = st.brand;
      this._emit('change', payload);
    } else if (data.event === 'focus') {
      st.focused = true;
      this._applyClasses();
      this._emit('focus', {elementType: this._type});
    } else if (data.event === 'blur') {
      st.focused = false;
      this._applyClasses();
      this._emit('blur', {elementType: this._type});
    } else if (data.event === 'escape') {
      this._emit('escape', {elementType: this._type});
    }
  };

  Element.prototype.unmount = function () {
    this._checkAlive();
    if (!this._link) return this;
    this._removeClasses();
    this._link.dispose();
    if (this._wrapper && this._wrapper.parentNode) this._wrapper.parentNode.removeChild(this._wrapper);
    this._link = null;
    this._ready = false;
    this._wrapper = null;
    this._container = null;
    this._state = {empty: true, complete: false, error: undefined, brand: 'unknown', focused: false};
    var i = mountedElements.indexOf(this);
    if (i >= 0) mountedElements.splice(i, 1);
    return this;
  };

  Element.prototype.destroy = function () {
    this._checkAlive();
    this.unmount();
    this._destroyed = true;
    delete this._group._elements[this._type];
    return this;
  };

  Element.prototype.update = function (options) {
    this._checkAlive();
    checkElementOptions('update', this._type, options, UPDATE_OPTIONS[this._type]);
    options = options || {};
    var merged = {};
    var self = this;
    Object.keys(this._options).forEach(function (k) { merged[k] = self._options[k]; });
    Object.keys(options).forEach(function (k) {
      if (k === 'style' && merged.style && options.style) {
        var style = {};
        Object.keys(merged.style).forEach(function (v) { style[v] = merged.style[v]; });
        Object.keys(options.style).forEach(function (v) {
          style[v] = Object.assign({}, style[v] || {}, options.style[v]);
        });
        merged.style = style;
      } else {
        merged[k] = options[k];
      }
    });
    if (options.classes) this._removeClasses();
    this._options = merged;
    this._applyClasses();
    if (this._link) {
      var link = this._link;
      link.request('update', {options: copy(this._frameOptions())}).then(function (result) {
        if (result && result.height) link.iframe.style.height = result.height + 'px';
      });
    }
    return this;
  };

  Element.prototype.clear = function () {
    this._checkAlive();
    if (this._link) this._link.request('clear', {});
    return this;
  };

  Element.prototype.focus = function () {
    this._checkAlive();
    if (this._link) {
      // Focusing the iframe first lets the frame focus its input without a user gesture.
      this._link.iframe.focus();
      this._link.request('focus', {});
    }
    return this;
  };

  Element.prototype.blur = function () {
    this._checkAlive();
    if (this._link) this._link.request('blur', {});
    return this;
  };

  /** Asks this group's cardNumber frame to create the PaymentMethod (the card stays there). */
  Element.prototype._createCardPaymentMethod = function (key, billingDetails, metadata) {
    if (this._type !== 'cardNumber') {
      throw IntegrationError('Invalid value for payment_method.card: the card Element must be a ' +
        'mounted cardNumber Element.');
    }
    if (!this._link) {
      throw IntegrationError('We could not retrieve data from the specified Element.\nPlease ' +
        'make sure the Element you are attempting to use is still mounted.');
    }
    return this._link.request('createPaymentMethod', {
      pk: key, billing_details: copy(billingDetails || undefined) || undefined,
      metadata: copy(metadata || undefined) || undefined
    });
  };

  function Elements(stripe, options) {
    this._stripe = stripe;
    this._id = uid('grp');
    this._locale = (options && options.locale) || stripe._locale;
    this._elements = {};
  }
  Elements.prototype.create = function (type, options) {
    if (ELEMENT_TYPES.indexOf(type) < 0) {
      throw IntegrationError('A valid Element name must be provided. Valid Elements are: ' +
        ELEMENT_TYPES.join(', ') + '; you passed: ' + type + '. (The Owl Desktop sandbox ' +
        'supports only the split card Elements.)');
    }
    if (this._elements[type]) {
      throw IntegrationError('Can only create one Element of type ' + type + '.');
    }
    checkElementOptions('create', type, options, CREATE_OPTIONS[type]);
    var element = new Element(this, type, options);
    this._elements[type] = element;
    return element;
  };
  Elements.prototype.getElement = function (type) { return this._elements[type] || null; };
  Elements.prototype.update = function (options) {
    if (options && options.locale) this._locale = options.locale;
    return this;
  };

  // ---- Stripe -----------------------------------------------------------------------------

  function Stripe(key, options) {
    if (!(this instanceof Stripe)) return new Stripe(key, options);
    if (typeof key !== 'string' || !key) {
      throw IntegrationError('Please call Stripe() with your publishable key. You used an empty ' +
        'string.');
    }
    if (/^(sk|rk)_/.test(key)) {
      throw IntegrationError('You should not use your secret key with Stripe.js.\nPlease pass a ' +
        'publishable key instead.');
    }
    this._key = key;
    this._locale = (options && options.locale) || 'auto';
    this._apiVersion = options && options.apiVersion;
  }
  Stripe.version = 3;
  Stripe.__owlSandbox = VERSION;

  Stripe.prototype.elements = function (options) { return new Elements(this, options); };

  Stripe.prototype.retrieveSetupIntent = function (clientSecret) {
    var id = intentId(clientSecret, 'retrieveSetupIntent');
    return api(this._key, 'GET', '/v1/setup_intents/' + id, {client_secret: clientSecret})
      .then(resultFromIntent);
  };

  Stripe.prototype.createPaymentMethod = function (data, legacyElement, legacyData) {
    if (typeof data === 'string') {  // createPaymentMethod('card', element, data)
      data = Object.assign({type: data, card: legacyElement}, legacyData || {});
    }
    if (!data || data.type !== 'card' || !(data.card instanceof Element)) {
      throw IntegrationError('The Owl Desktop sandbox creates card PaymentMethods from a ' +
        'cardNumber Element only.');
    }
    return data.card._createCardPaymentMethod(this._key, data.billing_details, data.metadata);
  };

  Stripe.prototype._confirm = function (id, clientSecret, paymentMethodId, data) {
    var params = {client_secret: clientSecret};
    if (paymentMethodId) params.payment_method = paymentMethodId;
    Object.keys(data || {}).forEach(function (k) {
      if (k !== 'payment_method') params[k] = data[k];
    });
    return api(this._key, 'POST', '/v1/setup_intents/' + id + '/confirm', params);
  };

  function intentPath(id) {
    return (isPaymentIntent(id) ? '/v1/payment_intents/' : '/v1/setup_intents/') + id;
  }

  Stripe.prototype._handleNextAction = function (id, clientSecret, intent) {
    var key = this._key;
    var locale = this._locale;
    // 3ds.html acts on either intent by its id (setupIntentId names a pi_ here too).
    return openModal('threeDS', '3ds.html', locale, {
      setupIntentId: id, clientSecret: clientSecret, pk: key, locale: locale,
      nextAction: copy(intent.next_action)
    }).then(function () {
      return api(key, 'GET', intentPath(id), {client_secret: clientSecret});
    }).then(resultAfterAction);
  };

  function needsAction(body) {
    var action = body.next_action;
    return body.status === 'requires_action' && action &&
      (action.type === 'use_stripe_sdk' || action.type === 'redirect_to_url');
  }

  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    var id = intentId(clientSecret, 'retrievePaymentIntent', 'pi');
    return api(this._key, 'GET', '/v1/payment_intents/' + id, {client_secret: clientSecret})
      .then(resultFromPaymentIntent);
  };

  /** The payment method a confirm call names: an id, {card: cardNumberElement, ...} (created
   * here, as Stripe.js does) or nothing (already attached); {paymentMethod} or {error}. Throws
   * Stripe's IntegrationError for anything else. Shared by confirmCardPayment and
   * confirmCardSetup. */
  function cardPaymentMethod(key, pm, method) {
    if (typeof pm === 'string') return Promise.resolve({paymentMethod: {id: pm}});
    if (pm === undefined) return Promise.resolve({paymentMethod: null});
    if (pm && typeof pm === 'object') {
      if (!(pm.card instanceof Element)) {
        throw IntegrationError('Invalid value for ' + method + ': payment_method.card should ' +
          'be a cardNumber Element.');
      }
      return pm.card._createCardPaymentMethod(key, pm.billing_details, pm.metadata);
    }
    throw IntegrationError('Invalid value for ' + method + ': payment_method should be an ' +
      'object or a string.');
  }

  /** stripe.confirmCardPayment(clientSecret, {payment_method: 'pm_...' | {card:
   * cardNumberElement, billing_details} | omitted (already attached)}, {handleActions}):
   * confirms the PaymentIntent and, when its bank asks, runs the 3-D Secure challenge;
   * resolves {paymentIntent} or {error} (error.payment_intent after a failed challenge). */
  Stripe.prototype.confirmCardPayment = function (clientSecret, data, options) {
    var id = intentId(clientSecret, 'confirmCardPayment', 'pi');
    data = data || {};
    options = options || {};
    var self = this;
    var pmPromise = cardPaymentMethod(this._key, data.payment_method, 'confirmCardPayment');
    return pmPromise.then(function (r) {
      if (r.error) return {error: r.error};
      var params = {client_secret: clientSecret};
      if (r.paymentMethod) params.payment_method = r.paymentMethod.id;
      Object.keys(data).forEach(function (k) {
        if (k !== 'payment_method') params[k] = data[k];
      });
      return api(self._key, 'POST', '/v1/payment_intents/' + id + '/confirm', params)
        .then(function (body) {
          if (body.error) return {error: body.error};
          if (options.handleActions !== false && needsAction(body)) {
            return self._handleNextAction(id, clientSecret, body);
          }
          return {paymentIntent: body};
        });
    });
  };

  Stripe.prototype.confirmCardSetup = function (clientSecret, data, options) {
    var id = intentId(clientSecret, 'confirmCardSetup');
    data = data || {};
    options = options || {};
    var self = this;
    var pmPromise = cardPaymentMethod(this._key, data.payment_method, 'confirmCardSetup');
    return pmPromise.then(function (r) {
      if (r.error) return {error: r.error};
      return self._confirm(id, clientSecret, r.paymentMethod && r.paymentMethod.id, data)
        .then(function (body) {
          if (body.error) return {error: body.error};
          var action = body.next_action;
          if (body.status === 'requires_action' && options.handleActions !== false && action &&
              (action.type === 'use_stripe_sdk' || action.type === 'redirect_to_url')) {
            return self._handleNextAction(id, clientSecret, body);
          }
          return {setupIntent: body};
        });
    });
  };

  /** stripe.handleNextAction({clientSecret}): the 3-D Secure step after handleActions: false,
   * of a SetupIntent or a PaymentIntent (resolves {setupIntent} / {paymentIntent} or {error}). */
  Stripe.prototype.handleNextAction = function (options) {
    var clientSecret = options && options.clientSecret;
    var id = intentId(clientSecret, 'handleNextAction', 'any');
    var self = this;
    return api(this._key, 'GET', intentPath(id), {client_secret: clientSecret})
      .then(function (body) {
        if (body.error) return {error: body.error};
        if (needsAction(body)) return self._handleNextAction(id, clientSecret, body);
        return isPaymentIntent(id) ? {paymentIntent: body} : {setupIntent: body};
      });
  };

  Stripe.prototype.confirmAcssDebitSetup = function (clientSecret, data, options) {
    var id = intentId(clientSecret, 'confirmAcssDebitSetup');
    data = data || {};
    options = options || {};
    var pm = data.payment_method;
    var init = {setupIntentId: id, clientSecret: clientSecret, pk: this._key, locale: this._locale,
                skipMandate: !!options.skipMandate, expand: copy(data.expand) || undefined};
    if (typeof pm === 'string') {
      init.paymentMethodId = pm;
    } else if (pm === undefined) {
      // The SetupIntent already has its PaymentMethod: only the mandate is collected.
      init.useAttached = true;
    } else if (pm && typeof pm === 'object') {
      var bd = pm.billing_details || {};
      if (typeof bd.name !== 'string' || !bd.name) {
        throw IntegrationError('Missing value for confirmAcssDebitSetup: ' +
          'payment_method.billing_details.name should be a non-empty string.');
      }
      if (typeof bd.email !== 'string' || !bd.email) {
        throw IntegrationError('Missing value for confirmAcssDebitSetup: ' +
          'payment_method.billing_details.email should be a non-empty string.');
      }
      init.billingDetails = copy(bd);
      if (pm.acss_debit) init.prefill = copy(pm.acss_debit);
    } else {
      throw IntegrationError('Invalid value for confirmAcssDebitSetup: payment_method should be ' +
        'an object or a string.');
    }
    return openModal('acss', 'acss.html', this._locale, init).then(function (result) {
      if (result.cancelled) {
        // The customer closed the dialog: Stripe.js resolves a validation error (the
        // SetupIntent stays requires_payment_method, untouched) so the page can offer others.
        return {error: {type: 'validation_error', code: 'incomplete_payment_details',
                        message: 'Please provide complete payment details.'}};
      }
      if (result.error) return {error: result.error};
      return {setupIntent: result.setupIntent};
    });
  };

  Stripe.prototype.verifyMicrodepositsForSetup = function (clientSecret, data) {
    var id = intentId(clientSecret, 'verifyMicrodepositsForSetup');
    data = data || {};
    var params = {client_secret: clientSecret};
    if (data.amounts) params.amounts = data.amounts;
    if (data.descriptor_code) params.descriptor_code = data.descriptor_code;
    return api(this._key, 'POST', '/v1/setup_intents/' + id + '/verify_microdeposits', params)
      .then(resultFromIntent);
  };

  // ---- sandbox-only test hooks (see the comment at the top) -------------------------------

  function latest(type) {
    for (var i = mountedElements.length - 1; i >= 0; i--) {
      if (mountedElements[i]._type === type && mountedElements[i]._link) return mountedElements[i];
    }
    return null;
  }

  function waitForModal(kind, timeoutMs) {
    var deadline = Date.now() + (timeoutMs || 10000);
    return new Promise(function (resolve) {
      (function poll() {
        if (activeModal && activeModal.kind === kind && activeModal.link.loaded) {
          resolve(activeModal.link);
        } else if (Date.now() > deadline) {
          resolve(null);
        } else {
          setTimeout(poll, 50);
        }
      })();
    });
  }

  // Stripe.js emits 'loaderror' (cardNumber here) with {elementType, error} when the Element
  // fails to load; the double does when its frame doesn't answer in time, or when a test says so.
  var LOAD_ERROR = {type: 'api_connection_error', message: 'The Element failed to load.'};

  Element.prototype._loadFailed = function () {
    if (this._type !== 'cardNumber' || this._loadError) return;
    this._loadError = true;
    this._emit('loaderror', {elementType: this._type, error: copy(LOAD_ERROR)});
  };

  window.__stripeSandbox = {
    version: VERSION,
    /** Test hook: the Element's frame failed to load (as a blocked or dropped iframe does). */
    loadError: function (elementType) {
      var el = latest(elementType);
      if (!el) return false;
      el._loadFailed();
      return true;
    },
    type: function (elementType, text) {
      var el = latest(elementType);
      if (!el) return Promise.reject(new Error('No mounted ' + elementType + ' element.'));
      return el._link.request('type', {text: String(text)});
    },
    clear: function (elementType) {
      var el = latest(elementType);
      if (!el) return Promise.reject(new Error('No mounted ' + elementType + ' element.'));
      return el._link.request('clear', {});
    },
    elements: function () {
      return mountedElements.map(function (el) {
        var st = el._state;
        return {elementType: el._type, mounted: !!el._link, ready: !!el._ready,
                empty: st.empty, complete: st.complete, error: copy(st.error) || undefined,
                brand: el._type === 'cardNumber' ? st.brand : undefined, focused: st.focused,
                options: copy(el._options)};
      });
    },
    modal: function () { return activeModal ? activeModal.kind : null; },
    threeDS: function (action) {
      return waitForModal('threeDS').then(function (link) {
        if (!link) return false;
        return link.request('sandbox', {action: action}).then(function (r) { return !!r.ok; });
      });
    },
    acss: function (action, fields) {
      return waitForModal('acss').then(function (link) {
        if (!link) return false;
        return link.request('sandbox', {action: action, fields: fields || {}})
          .then(function (r) { return !!r.ok; });
      });
    },
    acssState: function () {
      if (!activeModal || activeModal.kind !== 'acss') return Promise.resolve(null);
      return waitForModal('acss').then(function (link) {
        if (!link) return null;
        return link.request('sandbox', {action: 'state'}).then(function (r) {
          return (r && r.state) || null;
        });
      });
    }
  };

  window.Stripe = Stripe;
})();
