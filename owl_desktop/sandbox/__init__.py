"""Local Stripe double: a stateful HTTP API shaped like Stripe's, plus a Stripe.js double at /v3/.

Used by the tests (in-process, free port; see ``tests/stripe_env.py``) and by the app's
``--sandbox`` mode (state kept in a JSON file). Run it alone with
``python -m owl_desktop.sandbox --port N [--state FILE]``.

Public API (``owl_desktop.sandbox.server``)::

    SandboxServer(host="127.0.0.1", port=0, state_path=None, keys=None, control_port=0,
                  fault_seed=None)
    .start() / .stop() / context manager
    .url, .control_url, .stripe_js_url, .port
    .faults.set(latency_ms=, error_500_rate=, rate_limit_429_rate=, retry_after_s=,
                refuse_connections=, drop_connections_rate=, rate_limit_rps=,
                executed_500_rate=, search_lag_s=, desk=None, seed=None)
    .faults.clear(desk=None)
    .advance(seconds), .set_clock(epoch), .now(), .reset()

Keys (``owl_desktop.sandbox.keys``): ``SandboxKeys(accounts=[SandboxAccount(id, secret_keys,
publishable_keys, restricted_keys={key: {resource: "read"|"write"}}, revoked_keys)])``;
resources: customers, payment_methods, setup_intents, payment_intents, mandates, events, account.
Without ``keys`` any well-formed ``sk_test_`` / ``rk_test_`` / ``pk_test_`` key works and every key
shares one account.

API: customers (CRUD, list, search, payment_methods), payment_methods (create with a publishable
key, retrieve, list, attach, detach, update), setup_intents (create, retrieve, update, list,
confirm, cancel, verify_microdeposits), payment_intents (create/confirm off-session, retrieve,
list, cancel), mandates (retrieve), events (list, retrieve), account. Publishable keys reach only
what Stripe.js may call: payment_methods create, setup/payment intent retrieve and confirm with
the client secret, verify_microdeposits.

Controls (``owl_desktop.sandbox.control``): the trainer and test controls answer only on the
control socket (``control_url``, a second loopback port; ``--control-port``), JSON bodies only
(415 otherwise), no CORS headers, ``Host`` must be 127.0.0.1 / localhost / [::1] with that port,
a foreign ``Origin`` is refused: ``POST|DELETE|GET /_sandbox/faults`` (fields of
``FaultSettings``, optional ``desk``, ``seed``), ``POST /_sandbox/advance {"seconds"}``, ``POST
/_sandbox/clock {"epoch"}``, ``POST /_sandbox/reset``, ``GET /_sandbox/health``. The Stripe.js
double's own pages keep their same-origin routes on the API port, authorized by the intent's
client secret: ``POST /_sandbox/3ds/{seti_id|pi_id}/complete|fail``, ``/_sandbox/acss/...``.
Requests carrying ``X-Owl-Desk: <name>`` get that desk's faults when some are set for it.

Stripe behaviours reproduced for reliability tests (``owl_desktop.sandbox.faults``): a request
whose idempotency key is held by one still being processed gets 409 ``idempotency_key_in_use``
at once (``latency_ms`` is that processing time); ``executed_500_rate``: the request takes
effect (its result saved for its idempotency key) but the answer is a 500; ``search_lag_s``:
customer search sees customers as they were that many seconds ago (Stripe: under a minute);
``seed``: every fault decision reproducible, one sequence per desk.

Test data (``owl_desktop.sandbox.testdata``), from Stripe's testing docs:

=========================  ===========================================================
Cards (any future expiry)  Outcome
=========================  ===========================================================
4242424242424242 & brands  succeed (Visa, Mastercard 5555.../2223..., Amex 378282246310005
                           with a 4-digit CVC, Discover, Diners, JCB, UnionPay, debit/prepaid)
4000000000000002           declined (setup, attach and charge): card_declined / generic_decline
4000000000009995           declined: insufficient_funds
4000000000009987 / 9979    lost_card / stolen_card
4000000000000069           expired_card;  4000000000000127 incorrect_cvc (0101: cvc_check fails);
4000000000000119           processing_error;  4000000000006975 card_velocity_exceeded
4000000000000341           attaches fine, charges decline (generic_decline)
4100000000000019           fraudulent (blocked)
4000002500003155           3-D Secure at setup, then off-session charges succeed
4000002760003184           3-D Secure at setup; off-session charges: authentication_required
4000003800000446           3-D Secure at setup; off-session charges succeed
4000008260003178           3-D Secure at setup; charges: insufficient_funds
4000000000003220 / 3063    3-D Secure (2 / 1) required; off-session: authentication_required
4000008400001629           3-D Secure, then card_declined
4000000000005126           charges succeed; a refund succeeds, then fails a minute later
                           (failure_reason expired_or_canceled_card, refund.failed)
4242424242424241           incorrect_number at creation (Luhn)
any saved card             expired_card once the sandbox clock passes its expiry month
other Luhn-valid numbers   refused at creation (402 card_declined / test_mode_live_card);
                           nothing about them is stored
=========================  ===========================================================

``pm_card_*`` ids (``PM_TOKENS``): visa, visa_debit, ca, mastercard(_debit/_prepaid), amex,
discover, diners, jcb, unionpay, chargeDeclined(+InsufficientFunds, LostCard, StolenCard,
ExpiredCard, IncorrectCvc, ProcessingError, VelocityLimitExceeded), chargeCustomerFail,
radarBlock, authenticationRequired(+OnSetup, SetupForOffSession,
ChargeDeclinedInsufficientFunds), threeDSecure2Required, threeDSecureRequired(+ChargeDeclined),
threeDSecureOptional, refundFail. Each use makes a new PaymentMethod, as Stripe does.

PAD (institution 000, transit 11000): 000123456789 succeeds; 900123456789 succeeds 3 minutes
later; 000222222227 fails (insufficient_funds); 900222222227 fails 3 minutes later;
000666666661 micro-deposits fail to send (SetupIntent fails:
payment_method_microdeposit_failed); 000777777771 charge_exceeds_source_limit; 000888888881
charge_exceeds_transaction_limit. Any other institution, transit or account number is refused
at creation (400 invalid_request_error naming the test numbers: the sandbox's choice, as
Stripe documents no error for it); nothing about it is stored. Debits stay ``processing`` for
``PAD_SETTLE_SECONDS`` (3 days) of sandbox time. Micro-deposits: amounts 32 and 45 (or code
SM11AA) verify; 10 and 11 (SM33CC) exceed the attempts; 40 and 41 (SM44DD) time out; other
values are a mismatch (3 attempts). ``pm_acssDebit_*`` ids (success, noAccount, accountClosed,
insufficientFunds, debitNotAuthorized, dispute) are already verified.
"""
