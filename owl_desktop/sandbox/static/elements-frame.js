/*
 * One card field (cardNumber, cardExpiry or cardCvc) of the Stripe.js double, inside its own
 * sandbox-origin iframe. Validation and formatting follow Stripe Elements: brand detection and
 * length per brand, Luhn, expiry not in the past, CVC length per brand, "incomplete" errors only
 * once the customer leaves a non-empty field. The values never leave the sandbox origin: the
 * cardNumber frame reads its sibling frames (same origin, same group) directly and posts the
 * card to the API itself; the host page only ever receives Stripe's change payloads.
 */
(function () {
  'use strict';

  var F = window.OwlStripeFrame;
  var config = F.frameConfig();
  var TYPE = config.type;
  var GROUP = config.group;
  var link = new F.HostLink(config);
  var field = document.getElementById('field');
  var userStyle = document.getElementById('user-style');

  var lang = F.language(config.locale);
  var options = {};
  var brand = 'unknown';           // cardNumber: detected; cardCvc: told by the number frame
  var showIncomplete = false;      // true once the customer left a non-empty incomplete field
  var lastPayloadJson = '';

  // Stripe's brands, their number lengths and CVC lengths.
  var BRANDS = [
    {brand: 'amex', re: /^3[47]/, lengths: [15], cvc: 4},
    {brand: 'diners', re: /^3(0[0-5]|[689])/, lengths: [14, 16], cvc: 3},
    {brand: 'jcb', re: /^35/, lengths: [16], cvc: 3},
    {brand: 'visa', re: /^4/, lengths: [16], cvc: 3},
    {brand: 'mastercard', re: /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16],
     cvc: 3},
    {brand: 'unionpay', re: /^(62|81)/, lengths: [16, 17, 18, 19], cvc: 3},
    {brand: 'discover', re: /^(6011|64[4-9]|65)/, lengths: [16, 19], cvc: 3}
  ];
  var UNKNOWN = {brand: 'unknown', lengths: [16], cvc: 3};

  function brandInfo(digits) {
    for (var i = 0; i < BRANDS.length; i++) {
      if (BRANDS[i].re.test(digits)) return BRANDS[i];
    }
    return UNKNOWN;
  }
  function brandByName(name) {
    for (var i = 0; i < BRANDS.length; i++) if (BRANDS[i].brand === name) return BRANDS[i];
    return UNKNOWN;
  }

  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return digits.length > 0 && sum % 10 === 0;
  }

  function onlyDigits(text) { return String(text || '').replace(/\D/g, ''); }

  // ---- per-type rules: normalize the typed text, format it, evaluate it -------------------

  var RULES = {
    cardNumber: {
      digits: function (text) {
        var d = onlyDigits(text);
        var info = brandInfo(d);
        return d.slice(0, Math.max.apply(null, info.lengths));
      },
      format: function (d) {
        var groups = brandInfo(d).brand === 'amex' ? [4, 6, 5] :
          (brandInfo(d).brand === 'diners' && d.length <= 14 ? [4, 6, 4] : [4, 4, 4, 4, 3]);
        var out = [], pos = 0;
        for (var i = 0; i < groups.length && pos < d.length; i++) {
          out.push(d.slice(pos, pos + groups[i]));
          pos += groups[i];
        }
        return out.join(' ');
      },
      evaluate: function (d) {
        var info = brandInfo(d);
        var max = Math.max.apply(null, info.lengths);
        if (!d) return {code: null, complete: false};
        if (info.lengths.indexOf(d.length) >= 0 && luhn(d)) return {code: null, complete: true};
        if (d.length >= max) return {code: 'invalid_number', complete: false};
        return {code: 'incomplete_number', complete: false};
      },
      placeholder: 'placeholder_number',
      label: 'label_number'
    },
    cardExpiry: {
      digits: function (text) {
        var raw = String(text || '');
        var parts = raw.split('/');
        var d;
        if (parts.length === 2 && onlyDigits(parts[1]).length === 4) {
          // "12/2030" pasted: keep the two-digit year as Stripe does.
          d = onlyDigits(parts[0]).slice(-2).padStart(2, '0') + onlyDigits(parts[1]).slice(2);
        } else {
          d = onlyDigits(raw);
        }
        if (d.length >= 1 && d[0] > '1') d = '0' + d;
        if (d.length >= 2 && d[0] === '1' && d[1] > '2') d = '0' + d;
        return d.slice(0, 4);
      },
      format: function (d) { return d.length <= 2 ? d : d.slice(0, 2) + ' / ' + d.slice(2); },
      evaluate: function (d) {
        if (!d) return {code: null, complete: false};
        if (d.length >= 2) {
          var month = parseInt(d.slice(0, 2), 10);
          if (month < 1 || month > 12) return {code: 'invalid_expiry_month', complete: false};
        }
        if (d.length < 4) return {code: 'incomplete_expiry', complete: false};
        var now = new Date();
        var year = 2000 + parseInt(d.slice(2, 4), 10);
        var thisYear = now.getFullYear();
        if (year < thisYear) return {code: 'invalid_expiry_year_past', complete: false};
        if (year === thisYear && month < now.getMonth() + 1) {
          return {code: 'invalid_expiry_month_past', complete: false};
        }
        if (year > thisYear + 50) return {code: 'invalid_expiry_year', complete: false};
        return {code: null, complete: true};
      },
      placeholder: 'placeholder_expiry',
      label: 'label_expiry'
    },
    cardCvc: {
      // Like Stripe, the field takes no more digits than the brand's CVC has (4 if unknown).
      digits: function (text) {
        return onlyDigits(text).slice(0, brand === 'unknown' ? 4 : brandByName(brand).cvc);
      },
      format: function (d) { return d; },
      evaluate: function (d) {
        if (!d) return {code: null, complete: false};
        // An unknown brand accepts 3 or 4 digits, Amex exactly 4, the others exactly 3.
        var lengths = brand === 'unknown' ? [3, 4] : [brandByName(brand).cvc];
        if (lengths.indexOf(d.length) >= 0) return {code: null, complete: true};
        return {code: 'incomplete_cvc', complete: false};
      },
      placeholder: 'placeholder_cvc',
      label: 'label_cvc'
    }
  };
  var rule = RULES[TYPE];
  if (!rule) throw new Error('Unknown element type: ' + TYPE);

  function currentDigits() { return rule.digits(field.value); }

  /** The field's validity as Stripe reports it; incomplete errors show only after blur. */
  function state() {
    var d = currentDigits();
    var ev = rule.evaluate(d);
    var shown = ev.code && (ev.code.indexOf('incomplete_') !== 0 || showIncomplete) ? ev.code : null;
    return {digits: d, empty: d.length === 0, complete: ev.complete, code: ev.code, shown: shown};
  }

  function payload(st) {
    var p = {elementType: TYPE, empty: st.empty, complete: st.complete, error: undefined};
    if (st.shown) {
      p.error = {type: 'validation_error', code: st.shown, message: F.t(lang, st.shown)};
    }
    if (TYPE === 'cardNumber') p.brand = brand;
    return p;
  }

  var ICON_LABELS = {visa: 'VISA', mastercard: 'MC', amex: 'AMEX', discover: 'DISC',
                     diners: 'DC', jcb: 'JCB', unionpay: 'UP', unknown: 'CARD'};
  var icon = document.getElementById('icon');

  function applyStateClasses(st) {
    field.classList.toggle('is-empty', st.empty);
    field.classList.toggle('is-complete', st.complete);
    field.classList.toggle('is-invalid', !!st.shown);
    field.setAttribute('aria-invalid', st.shown ? 'true' : 'false');
    if (TYPE === 'cardNumber') {
      // showIcon: the brand's mark (a text badge here) at the end of the number field.
      var showIcon = !!options.showIcon;
      document.body.classList.toggle('with-icon', showIcon);
      icon.hidden = !showIcon;
      icon.textContent = ICON_LABELS[brand] || ICON_LABELS.unknown;
      icon.setAttribute('data-brand', brand);
      var iconColor = options.style && options.style.base && options.style.base.iconColor;
      icon.style.color = iconColor ? safeValue(iconColor) : '';
    }
  }

  /** Re-formats the text, updates the brand, classes, and tells the host if anything changed. */
  function refresh(force) {  // force: tell the host even if nothing changed
    var d = currentDigits();
    var formatted = rule.format(d);
    if (field.value !== formatted) {
      // Keep the caret after the same number of digits, so mid-text edits don't jump to the end.
      var focused = document.activeElement === field;
      var caret = focused ? field.selectionStart : null;
      var digitsBefore = caret === null ? 0 : onlyDigits(field.value.slice(0, caret)).length;
      var atEnd = caret === null || caret >= field.value.length;
      field.value = formatted;
      if (focused && !atEnd) {
        var pos = 0, seen = 0;
        while (pos < formatted.length && seen < digitsBefore) {
          if (/\d/.test(formatted.charAt(pos))) seen++;
          pos++;
        }
        field.setSelectionRange(pos, pos);
      }
    }
    if (TYPE === 'cardNumber') {
      var newBrand = d ? brandInfo(d).brand : 'unknown';
      if (newBrand !== brand) {
        brand = newBrand;
        siblings().forEach(function (s) { if (s.type === 'cardCvc') s.setBrand(brand); });
      }
    }
    var st = state();
    applyStateClasses(st);
    var p = payload(st);
    var json = JSON.stringify(p);
    if (force || json !== lastPayloadJson) {
      lastPayloadJson = json;
      link.send('change', {payload: p});
    }
  }

  field.addEventListener('input', function () {
    showIncomplete = false;
    refresh(false);
  });
  field.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') link.send('escape', {payload: {elementType: TYPE}});
  });
  field.addEventListener('focus', function () {
    link.send('focus', {payload: {elementType: TYPE}});
  });
  field.addEventListener('blur', function () {
    var st = state();
    if (!st.empty && st.code && st.code.indexOf('incomplete_') === 0) {
      showIncomplete = true;
      refresh(false);
    }
    link.send('blur', {payload: {elementType: TYPE}});
  });

  // ---- style: Stripe's {base, complete, empty, invalid} variants and their pseudo-classes -----

  var STYLE_PROPS = ['backgroundColor', 'color', 'fontFamily', 'fontSize', 'fontSmoothing',
    'fontStyle', 'fontVariant', 'fontWeight', 'lineHeight', 'letterSpacing', 'textAlign',
    'padding', 'textDecoration', 'textShadow', 'textTransform', 'caretColor'];
  var PSEUDOS = [':hover', ':focus', '::placeholder', '::selection', ':-webkit-autofill',
    ':disabled', '::-ms-clear'];
  var VARIANT_SELECTORS = {base: '#field', empty: '#field.is-empty',
    complete: '#field.is-complete', invalid: '#field.is-invalid'};

  function cssName(prop) {
    if (prop === 'fontSmoothing') return '-webkit-font-smoothing';
    return prop.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); });
  }
  function safeValue(v) { return String(v).replace(/[;{}<>\\]/g, ''); }
  function declarations(obj) {
    return Object.keys(obj || {}).filter(function (k) {
      return STYLE_PROPS.indexOf(k) >= 0 && typeof obj[k] !== 'object';
    }).map(function (k) { return cssName(k) + ': ' + safeValue(obj[k]) + ';'; }).join(' ');
  }
  function styleSheet(style) {
    var rules = [];
    ['base', 'empty', 'complete', 'invalid'].forEach(function (variant) {
      var spec = style && style[variant];
      if (!spec) return;
      var sel = VARIANT_SELECTORS[variant];
      var decl = declarations(spec);
      if (decl) rules.push(sel + ' { ' + decl + ' }');
      // Pseudo-classes and elements, alone or combined (':focus::placeholder').
      Object.keys(spec).forEach(function (key) {
        if (key.charAt(0) !== ':' || !spec[key] || typeof spec[key] !== 'object') return;
        var parts = key.match(/::?[-a-z]+/g) || [];
        if (parts.join('') !== key || !parts.every(function (p) { return PSEUDOS.indexOf(p) >= 0; })) {
          return;
        }
        var pd = declarations(spec[key]);
        if (pd) rules.push(sel + key + ' { ' + pd + ' }');
      });
    });
    return rules.join('\n');
  }

  function mergeOptions(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });
    Object.keys(extra || {}).forEach(function (k) {
      if (k === 'style' && out.style && extra.style) {
        var style = {};
        Object.keys(out.style).forEach(function (v) { style[v] = out.style[v]; });
        Object.keys(extra.style).forEach(function (v) {
          style[v] = Object.assign({}, style[v] || {}, extra.style[v]);
        });
        out.style = style;
      } else {
        out[k] = extra[k];
      }
    });
    return out;
  }

  /** Applies the options and returns the height the host should give this iframe. */
  function applyOptions() {
    userStyle.textContent = styleSheet(options.style || {});
    field.placeholder = options.placeholder !== undefined ? String(options.placeholder) :
      F.t(lang, rule.placeholder);
    field.setAttribute('aria-label', F.t(lang, rule.label));
    field.disabled = !!options.disabled;
    field.style.height = '';
    var cs = getComputedStyle(field);
    var lh = parseFloat(cs.lineHeight);
    if (!(lh > 0)) lh = Math.round(parseFloat(cs.fontSize) * 1.2);
    field.style.height = lh + 'px';
    var height = Math.ceil(field.getBoundingClientRect().height);
    return height;
  }

  // ---- sibling frames of the same group (same origin, so directly readable) --------------

  function siblings() {
    var out = [];
    var frames;
    try { frames = window.parent.frames; } catch (e) { return out; }
    for (var i = 0; i < frames.length; i++) {
      try {
        var f = frames[i];
        if (f === window) continue;
        var api = f.__owlField;
        if (api && api.group === GROUP) out.push(api);
      } catch (e) { /* another origin: not ours */ }
    }
    return out;
  }

  window.__owlField = {
    group: GROUP,
    type: TYPE,
    /** Full state for the cardNumber frame of the same group; never sent to the host page. */
    snapshot: function () {
      var ev = rule.evaluate(currentDigits());
      return {digits: currentDigits(), complete: ev.complete, code: ev.code};
    },
    setBrand: function (name) {
      if (TYPE !== 'cardCvc' || name === brand) return;
      brand = name;
      refresh(false);
    }
  };

  function validationError(code) {
    return {type: 'validation_error', code: code, message: F.t(lang, code)};
  }

  /** cardNumber only: creates the card PaymentMethod from this group's three fields. */
  function createPaymentMethod(msg) {
    var parts = {cardNumber: window.__owlField.snapshot()};
    siblings().forEach(function (s) {
      if (s.type === 'cardExpiry' || s.type === 'cardCvc') parts[s.type] = s.snapshot();
    });
    var missing = {cardExpiry: 'incomplete_expiry', cardCvc: 'incomplete_cvc'};
    var order = ['cardNumber', 'cardExpiry', 'cardCvc'];
    for (var i = 0; i < order.length; i++) {
      var p = parts[order[i]];
      if (!p) return {error: validationError(missing[order[i]])};
      if (!p.complete) {
        return {error: validationError(p.code ||
          {cardNumber: 'incomplete_number', cardExpiry: 'incomplete_expiry',
           cardCvc: 'incomplete_cvc'}[order[i]])};
      }
    }
    var exp = parts.cardExpiry.digits;
    var params = {
      type: 'card',
      card: {
        number: parts.cardNumber.digits,
        exp_month: String(parseInt(exp.slice(0, 2), 10)),
        exp_year: String(2000 + parseInt(exp.slice(2, 4), 10)),
        cvc: parts.cardCvc.digits
      }
    };
    if (msg.billing_details) params.billing_details = msg.billing_details;
    if (msg.metadata) params.metadata = msg.metadata;
    return F.api('POST', '/v1/payment_methods', params, msg.pk, lang).then(function (res) {
      if (res.body && res.body.error) return {error: res.body.error};
      return {paymentMethod: res.body};
    });
  }

  // ---- commands from the host page -------------------------------------------------------

  link.on('init', function (msg) {
    options = msg.options || {};
    if (msg.locale) lang = F.language(msg.locale);
    if (TYPE === 'cardCvc') {
      siblings().forEach(function (s) {
        if (s.type === 'cardNumber') {
          var d = s.snapshot().digits;
          brand = d ? brandInfo(d).brand : 'unknown';
        }
      });
    } else if (TYPE === 'cardNumber') {
      // A (re)loaded number field starts empty: the CVC field must not keep an older brand.
      siblings().forEach(function (s) { if (s.type === 'cardCvc') s.setBrand(brand); });
    }
    var height = applyOptions();
    // Stripe emits no change event at mount: the host already assumes an empty field.
    lastPayloadJson = JSON.stringify(payload(state()));
    refresh(false);
    return {height: height};
  });
  link.on('update', function (msg) {
    options = mergeOptions(options, msg.options || {});
    var height = applyOptions();
    refresh(false);
    return {height: height};
  });
  link.on('clear', function () {
    field.value = '';
    showIncomplete = false;
    refresh(false);
    return {};
  });
  link.on('focus', function () { field.focus(); return {}; });
  link.on('blur', function () { field.blur(); return {}; });
  // Sandbox-only test hook: types text as if keyed in, one character at a time.
  link.on('type', function (msg) {
    if (field.disabled) return {typed: false};  // a disabled field takes no keys either
    String(msg.text || '').split('').forEach(function (ch) {
      field.value = field.value + ch;
      field.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText',
        data: ch}));
    });
    return {typed: true};
  });
  link.on('createPaymentMethod', function (msg) {
    if (TYPE !== 'cardNumber') {
      return {error: {type: 'invalid_request_error',
        message: 'A cardNumber Element is required to create a card PaymentMethod.'}};
    }
    return createPaymentMethod(msg);
  });

  link.send('loaded', {});
})();
