"""The email to a client whose bank debit failed days after it was sent (issue 17, item 3).

A PAD debit is *processing* when the charge returns, so the charge's caller has nothing to mail
then; sync learns of the return later (``core/charging.apply_payment_intent``), and in the same
write marks the payment as owing the client an email (``FailureMail.DUE``). :meth:`send_due`
sends what is owed: it is called after every sync run (the engine's settler) and after *Billing
→ Refresh processing*, in whichever process runs them — several desks, a headless sync.

Exactly once: a process takes a payment with one conditional update (``due`` → ``sending``);
of several processes (or one seeing the event twice, or re-syncing) only one wins, and the
others see nothing due. The mail is the same as a failed charge's
(``FailedPaymentMail.send``), in the client's language. Then ``sent``, or ``unsent`` when it
can't leave (no address on file, the server refused the address or the message): staff still
see the payment in *Billing → Failed payments* and can email the client from there. A mail
server that can't be reached (or refused the password) puts the payment back to ``due``, and
this process tries again :data:`RETRY_AFTER` later. While mail isn't set up in this process
nothing is taken (another process may be able to send). A mail owed for longer than
:data:`MAIL_WITHIN` is given up (``unsent``): a client isn't told weeks later.

A process that stops while sending (after taking the payment, before recording the outcome)
leaves ``sending``: nobody can know whether the mail left, so it is never sent again here. But
it is not left that way: a mail taken more than :data:`SENDING_GRACE` ago (``failure_mail_at``,
written with every move) is marked ``unsent`` by the next :meth:`send_due` in any process —
even one that can't send mail — with the same kind of conditional update (one process wins,
and logs it), so *Failed payments* says the client may not have been emailed and staff can
send it from there. The grace is far longer than a send can last (the mailer's timeout): a
process still sending finds its outcome no longer recorded, and logs that.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from owl_desktop.core.clock import Clock
from owl_desktop.domain.billing import FailureMail, Payment
from owl_desktop.services.failed_payment_mail import FailedPaymentMail, NoClientEmail
from owl_desktop.services.mailer import MailNotSent
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

# From the debit's sending (a return comes within a few business days).
MAIL_WITHIN = timedelta(days=14)
# Reasons a mail didn't leave that trying again can't fix (the server refused this one).
_GIVE_UP = frozenset({"recipient", "rejected"})
# After the server couldn't be reached (or refused the password), this process waits this long
# before trying again: a sync runs every minute or so and mustn't wait on a dead server each
# time.
RETRY_AFTER = timedelta(minutes=10)
# A mail taken this long ago and still ``sending`` was left by a process that stopped.
SENDING_GRACE = timedelta(minutes=30)


class DebitFailureMail:
    def __init__(self, uow: UnitOfWorkFactory, mail: FailedPaymentMail, clock: Clock) -> None:
        self._uow = uow
        self._mail = mail
        self._clock = clock
        self._paused_until: datetime | None = None

    def send_due(self) -> int:
        """Mail every client owed one (see the module); returns how many mails left here.
        Never raises: a mail is never a failed sync."""
        try:
            return self._send_due()
        except Exception as error:
            log.warning("debit failure mails not sent (%s)", type(error).__name__)
            return 0

    def _send_due(self) -> int:
        self._give_up_unfinished()
        if self._paused_until is not None and self._clock() < self._paused_until:
            return 0
        with self._uow() as uow:
            due = uow.payments.failure_mails_due()
        if not due or not self._mail.ready():
            return 0
        sent = 0
        for payment in due:
            if self._clock() - payment.created_at > MAIL_WITHIN \
                    and self._move(payment, FailureMail.UNSENT, FailureMail.DUE):
                log.info("failure mail for payment %s given up: owed too long", payment.id)
                continue
            if not self._move(payment, FailureMail.SENDING, FailureMail.DUE):
                continue  # another process took it
            outcome = self._send(payment)
            if not self._move(payment, outcome, FailureMail.SENDING):
                log.warning("failure mail for payment %s: outcome %s not recorded (marked "
                            "not confirmed meanwhile, the send took too long)", payment.id,
                            outcome.value)
            sent += outcome is FailureMail.SENT
            if outcome is FailureMail.DUE:  # the others would wait on the same server
                self._paused_until = self._clock() + RETRY_AFTER
                break
        return sent

    def _give_up_unfinished(self) -> None:
        """Mails taken long ago by a process that never recorded the outcome: ``unsent``."""
        before = self._clock() - SENDING_GRACE
        with self._uow() as uow:
            stuck = uow.payments.failure_mails_taken_before(before)
        for payment in stuck:
            with self._uow(write=True) as uow:
                moved = uow.payments.set_failure_mail(
                    payment.id, FailureMail.UNSENT, now=self._clock(),
                    expected=FailureMail.SENDING, changed_before=before)
                uow.commit()
            if moved:
                taken = (payment.failure_mail_at.isoformat() if payment.failure_mail_at
                         else "at a time unknown")
                log.warning("failure mail for payment %s not confirmed: taken %s and never "
                            "finished (the process sending it stopped?); marked unsent, not "
                            "sent again (staff can send it from Failed payments)",
                            payment.id, taken)

    def _send(self, payment: Payment) -> FailureMail:
        try:
            self._mail.send(payment.id)
        except NoClientEmail:
            log.info("failure mail for payment %s not sent: no email on file", payment.id)
            return FailureMail.UNSENT
        except MailNotSent as error:
            log.warning("failure mail for payment %s not sent (%s)", payment.id, error.reason)
            return FailureMail.UNSENT if error.reason in _GIVE_UP else FailureMail.DUE
        except Exception as error:
            log.warning("failure mail for payment %s not sent (%s)", payment.id,
                        type(error).__name__)
            return FailureMail.UNSENT
        log.info("failure mail sent for payment %s (a debit returned)", payment.id)
        return FailureMail.SENT

    def _move(self, payment: Payment, state: FailureMail, expected: FailureMail) -> bool:
        with self._uow(write=True) as uow:
            moved = uow.payments.set_failure_mail(payment.id, state, now=self._clock(),
                                                  expected=expected)
            uow.commit()
        return moved
