/**
 * The part of Stripe.js (https://js.stripe.com/v3) the web checkout uses, as the local Stripe
 * server serves it at /v3 so that the checkout runs without Stripe's servers: `Stripe(pk)`,
 * `elements({ clientSecret, locale, appearance })`, `create('payment').mount(target)`,
 * `confirmPayment` / `confirmSetup` with `redirect: 'if_required'`, and the 3-D Secure
 * challenge in a frame. It calls the local server's Stripe endpoints with the publishable key
 * and the client secret, as Stripe.js does. Test card numbers map to Stripe's test payment
 * methods (4242… authorised, 4000 0000 0000 0002 declined, 4000 0027 6000 3184 asks for 3-D Secure).
 */
export function stripeJsStandIn(origin: string): string {
  return `(function () {
  'use strict';
  var ORIGIN = ${JSON.stringify(origin)};
  var TEXT = {
    fr: { number: 'Numéro de carte', expiry: 'Date d’expiration (MM/AA)', cvc: 'Cryptogramme (CVC)', challenge: 'Authentification de la carte', incomplete: 'Le numéro de carte est incomplet ou inconnu.' },
    ar: { number: 'رقم البطاقة', expiry: 'تاريخ الانتهاء (شهر/سنة)', cvc: 'رمز التحقق (CVC)', challenge: 'التحقق من البطاقة', incomplete: 'رقم البطاقة غير مكتمل أو غير معروف.' },
    en: { number: 'Card number', expiry: 'Expiry date (MM/YY)', cvc: 'Security code (CVC)', challenge: 'Card authentication', incomplete: 'Your card number is incomplete or unknown.' }
  };
  var CARDS = {
    '4242424242424242': 'pm_card_visa',
    '5555555555554444': 'pm_card_mastercard',
    '4000000000000002': 'pm_card_chargeDeclined',
    '4000002760003184': 'pm_card_threeDSecureRequired',
    '4000002500003155': 'pm_card_authenticationRequired',
    '4000000000000341': 'pm_card_chargeCustomerFail'
  };
  var counter = 0;

  function encode(params) {
    return Object.keys(params).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
  }
  function call(key, method, path, params) {
    var query = method === 'GET' ? '?' + encode(params) : '';
    return fetch(ORIGIN + path + query, {
      method: method,
      headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: method === 'POST' ? encode(params) : undefined
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }
  function textsFor(locale) { return TEXT[String(locale || 'en').slice(0, 2)] || TEXT.en; }

  function paymentElement(state) {
    var texts = textsFor(state.locale);
    var id = 'stripe-standin-' + (++counter);
    var root = null;
    function field(name, label, autocomplete, inputmode) {
      return '<div class="p-Field"><label for="' + id + '-' + name + '">' + label + '</label>' +
        '<input id="' + id + '-' + name + '" name="' + name + '" autocomplete="' + autocomplete + '" inputmode="' + inputmode + '" dir="ltr"></div>';
    }
    return {
      mount: function (target) {
        root = typeof target === 'string' ? document.querySelector(target) : target;
        if (!root) throw new Error('IntegrationError: the mount target does not exist');
        root.innerHTML = '<div class="StripeElement p-PaymentElement">' +
          field('number', texts.number, 'cc-number', 'numeric') +
          field('expiry', texts.expiry, 'cc-exp', 'numeric') +
          field('cvc', texts.cvc, 'cc-csc', 'numeric') + '</div>';
        state.read = function () {
          var input = root.querySelector('input[name="number"]');
          return input ? input.value.replace(/\\s+/g, '') : '';
        };
        if (state.onReady) setTimeout(state.onReady, 0);
      },
      on: function (event, handler) { if (event === 'ready') state.onReady = handler; },
      unmount: function () { if (root) root.innerHTML = ''; },
      destroy: function () { if (root) root.innerHTML = ''; root = null; }
    };
  }

  // The 3-D Secure step: the issuer's page in a frame over the checkout; it answers by postMessage.
  function challenge(kind, id, secret, locale) {
    return new Promise(function (resolve) {
      var overlay = document.createElement('div');
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-modal', 'true');
      overlay.setAttribute('aria-label', textsFor(locale).challenge);
      overlay.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center;z-index:2147483647';
      var frame = document.createElement('iframe');
      frame.title = textsFor(locale).challenge;
      frame.name = 'stripe-challenge-frame';
      frame.style.cssText = 'width:min(420px,95vw);height:360px;border:0;background:#fff;border-radius:8px';
      frame.src = ORIGIN + '/v3/3ds?' + encode({ kind: kind, id: id, client_secret: secret, locale: locale || 'en' });
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
      function onMessage(event) {
        if (event.origin !== ORIGIN || !event.data || event.data.type !== 'stripe-3ds-result') return;
        window.removeEventListener('message', onMessage);
        overlay.remove();
        resolve();
      }
      window.addEventListener('message', onMessage);
    });
  }

  function Stripe(key) {
    if (!/^pk_(test|live)_/.test(String(key))) throw new Error('IntegrationError: Invalid value for Stripe(): apiKey should be a publishable key (pk_…)');
    function confirm(kind, options) {
      var state = options && options.elements && options.elements._state;
      if (!state || !state.read) return Promise.resolve({ error: { type: 'validation_error', message: 'IntegrationError: mount the Payment Element first' } });
      var secret = state.clientSecret;
      var id = secret.split('_secret_')[0];
      var number = state.read();
      var method = CARDS[number];
      var texts = textsFor(state.locale);
      if (!method) return Promise.resolve({ error: { type: 'validation_error', code: 'incomplete_number', message: texts.incomplete } });
      var result = kind === 'payment_intents' ? 'paymentIntent' : 'setupIntent';
      var returnUrl = options.confirmParams && options.confirmParams.return_url;
      var params = { client_secret: secret, payment_method: method };
      if (returnUrl) params.return_url = returnUrl;
      return call(key, 'POST', '/v1/' + kind + '/' + id + '/confirm', params).then(function (answer) {
        if (!answer.ok) return { error: answer.body.error };
        if (answer.body.status !== 'requires_action') {
          var done = {}; done[result] = answer.body; return done;
        }
        return challenge(kind, id, secret, state.locale).then(function () {
          return call(key, 'GET', '/v1/' + kind + '/' + id, { client_secret: secret }).then(function (after) {
            if (!after.ok) return { error: after.body.error };
            var error = after.body.last_payment_error || after.body.last_setup_error;
            if (error && after.body.status === 'requires_payment_method') return { error: error };
            var out = {}; out[result] = after.body; return out;
          });
        });
      });
    }
    return {
      elements: function (options) {
        var state = { clientSecret: options && options.clientSecret, locale: options && options.locale, read: null, onReady: null };
        if (!state.clientSecret) throw new Error('IntegrationError: elements() needs a clientSecret');
        return {
          _state: state,
          create: function (type) {
            if (type !== 'payment') throw new Error('IntegrationError: only the Payment Element is available here');
            return paymentElement(state);
          },
          submit: function () { return Promise.resolve({}); }
        };
      },
      confirmPayment: function (options) { return confirm('payment_intents', options); },
      confirmSetup: function (options) { return confirm('setup_intents', options); }
    };
  }
  window.Stripe = Stripe;
})();
`;
}

const CHALLENGE_TEXT: Record<string, { title: string; body: string; complete: string; fail: string; dir: string }> = {
  fr: {
    title: 'Authentification de la carte',
    body: 'Votre banque vous demande de confirmer ce paiement (carte de test).',
    complete: 'Confirmer',
    fail: 'Refuser',
    dir: 'ltr',
  },
  ar: {
    title: 'التحقق من البطاقة',
    body: 'يطلب منك بنكك تأكيد هذا الدفع (بطاقة اختبار).',
    complete: 'تأكيد',
    fail: 'رفض',
    dir: 'rtl',
  },
  en: {
    title: 'Card authentication',
    body: 'Your bank asks you to confirm this payment (test card).',
    complete: 'Complete',
    fail: 'Fail',
    dir: 'ltr',
  },
};

/** The issuer's 3-D Secure page of a test card: complete or fail the authentication. */
export function challengePage(input: { kind: string; id: string; clientSecret: string; locale: string }): string {
  const locale = CHALLENGE_TEXT[input.locale] ? input.locale : 'en';
  const text = CHALLENGE_TEXT[locale]!;
  const data = JSON.stringify({ kind: input.kind, id: input.id, client_secret: input.clientSecret }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}" dir="${text.dir}">
<head><meta charset="utf-8"><title>${text.title}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a}button{font:inherit;padding:.6rem 1.2rem;margin-inline-end:.5rem;border-radius:6px;border:1px solid #1a1a1a;background:#fff;color:#1a1a1a;cursor:pointer}button.primary{background:#0a3d91;color:#fff;border-color:#0a3d91}</style>
</head>
<body><main aria-label="${text.title}">
<h1>${text.title}</h1>
<p>${text.body}</p>
<button type="button" class="primary" data-outcome="complete">${text.complete}</button>
<button type="button" data-outcome="fail">${text.fail}</button>
</main>
<script>
var DATA = ${data};
document.querySelectorAll('button[data-outcome]').forEach(function (button) {
  button.addEventListener('click', function () {
    var body = new URLSearchParams({ kind: DATA.kind, id: DATA.id, client_secret: DATA.client_secret, outcome: button.dataset.outcome });
    fetch('/v3/3ds', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() })
      .then(function () { parent.postMessage({ type: 'stripe-3ds-result' }, '*'); });
  });
});
</script>
</body></html>`;
}
