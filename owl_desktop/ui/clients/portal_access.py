"""The profile's *Portal access* box: whether the client can sign in to the client portal,
when they last did, and the staff's actions: give access (an invitation link to copy or a QR
code to scan), a new link, revoke access. Database work runs on the task runner; a change
made here is announced through ``access_changed`` (the desk puts it on the change bus).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import Client
from owl_desktop.services.portal_accounts import (
    Invitation,
    PortalAccessRefused,
    PortalAccountService,
)
from owl_desktop.services.portal_mail import EmailedInvitation, PortalMailService
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.store.portal_accounts_repo import PortalAccount
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.payment_methods.audit_model import when_text
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner

_KEY = "portal-access"
_MAIL_KEY = "portal-mail-ready"


@dataclass(frozen=True)
class _Made:
    """What *Give portal access* / *New link* produced: the link, or why there is none."""

    link: str
    invitation: Invitation | None


def qr_png(text: str, *, scale: int = 4) -> bytes:
    """``text`` as a QR code in PNG (medium error correction: scans off a screen)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


class PortalAccessBox(QGroupBox):
    """A profile section (``set_client``).

    Signals:
        access_changed(int): this client's portal access changed here (client id).
    """

    access_changed = Signal(int)

    def __init__(self, accounts: PortalAccountService, settings: PortalSettingsService,
                 tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None = None, *,
                 mail: PortalMailService | None = None) -> None:
        """``mail``: invitations by email (*Email the invitation*, shown when the clinic's
        mail is set up and the client has an email)."""
        super().__init__(self.tr("Portal access"), parent)
        self.setObjectName("portalAccessGroup")
        self._accounts, self._settings = accounts, settings
        self._tasks, self._presenter = tasks, presenter
        self._client: Client | None = None
        self.account: PortalAccount | None = None
        self.link = ""
        self._mail = mail
        self.can_email = False
        self._account_loaded = False

        self.status_label = plain(QLabel(self))
        self.status_label.setObjectName("portalStatus")
        self.status_label.setWordWrap(True)
        self.reason_label = plain(QLabel(self))
        self.reason_label.setObjectName("portalReason")
        self.reason_label.setWordWrap(True)
        self.give_button = QPushButton(self.tr("&Give portal access"), self)
        self.give_button.setObjectName("givePortalAccessButton")
        self.give_button.clicked.connect(self.on_give_button_clicked)
        self.new_link_button = QPushButton(self.tr("New &link"), self)
        self.new_link_button.setObjectName("newPortalLinkButton")
        self.new_link_button.setToolTip(self.tr("A new invitation link; earlier links stop "
                                                "working"))
        self.new_link_button.clicked.connect(self.on_give_button_clicked)
        self.revoke_button = QPushButton(self.tr("Re&voke access"), self)
        self.revoke_button.setObjectName("revokePortalAccessButton")
        self.revoke_button.clicked.connect(self.on_revoke_button_clicked)
        self.email_button = QPushButton(self.tr("E&mail the invitation"), self)
        self.email_button.setObjectName("emailPortalInvitationButton")
        self.email_button.setToolTip(self.tr("Email a new invitation link to the client; "
                                             "earlier links stop working"))
        self.email_button.clicked.connect(self.on_email_button_clicked)
        self.email_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.give_button)
        buttons.addWidget(self.new_link_button)
        buttons.addWidget(self.email_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)

        self.link_panel = QWidget(self)
        self.link_edit = QLineEdit(self.link_panel)
        self.link_edit.setObjectName("portalLink")
        self.link_edit.setReadOnly(True)
        self.link_edit.setAccessibleName(self.tr("Invitation link"))
        self.copy_button = QPushButton(self.tr("&Copy link"), self.link_panel)
        self.copy_button.setObjectName("copyPortalLinkButton")
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self.link_note = plain(QLabel(self.link_panel))
        self.link_note.setObjectName("portalLinkNote")
        self.link_note.setWordWrap(True)
        self.qr_label = QLabel(self.link_panel)
        self.qr_label.setObjectName("portalQrCode")
        self.qr_label.setAccessibleName(self.tr("QR code of the invitation link"))
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(self.link_edit, 1)
        row.addWidget(self.copy_button)
        panel_layout = QVBoxLayout(self.link_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.addLayout(row)
        panel_layout.addWidget(self.link_note)
        panel_layout.addWidget(self.qr_label)
        self.link_panel.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.reason_label)
        layout.addLayout(buttons)
        layout.addWidget(self.link_panel)
        self._show_account(None, loaded=False)

    # The open client ----------------------------------------------------------------------

    def set_client(self, client: Client | None) -> None:
        if client is None or self._client is None or client.id != self._client.id:
            self._hide_link()  # a link is shown only to the client it was made for
        self._client = client
        self.reload()

    def reload(self) -> None:
        client = self._client
        if client is None:
            self._tasks.cancel(_KEY)
            self._show_account(None, loaded=False)
            return
        accounts = self._accounts
        self._tasks.run(lambda: accounts.access(client.id), key=_KEY,
                        on_success=lambda account: self._show_account(account, loaded=True),
                        on_failure=self._presenter.present)
        mail = self._mail
        if mail is not None:
            self._tasks.run(mail.can_email, key=_MAIL_KEY, on_success=self._show_can_email,
                            on_failure=lambda _error: self._show_can_email(False))

    # Actions ------------------------------------------------------------------------------

    def on_give_button_clicked(self) -> None:
        client = self._client
        if client is None:
            return
        accounts, settings = self._accounts, self._settings

        def make() -> _Made:
            current = settings.load()
            if not current.public_url:
                return _Made("", None)
            invitation = accounts.invite(client.id)
            return _Made(current.invitation_link(invitation.token), invitation)

        self._set_busy(True)
        self._tasks.run(make, on_success=lambda made: self._on_made(client.id, made),
                        on_failure=self._on_failed)

    def on_email_button_clicked(self) -> None:
        client, mail = self._client, self._mail
        if client is None or mail is None:
            return
        self._set_busy(True)
        self._tasks.run(lambda: mail.email_invitation(client.id),
                        on_success=lambda sent: self._on_emailed(client.id, sent),
                        on_failure=self._on_failed)

    def _on_emailed(self, client_id: int, sent: EmailedInvitation) -> None:
        self._on_made(client_id, _Made(sent.link, sent.invitation))
        if self._client is None or self._client.id != client_id:
            return
        if sent.error is None:
            self.link_note.setText(self.tr(
                "Invitation emailed to {address}. The link can also be copied or scanned; "
                "it can be used once, until {date}.").replace("{address}", sent.address)
                .replace("{date}", self._expiry))
            return
        message, _hint = error_texts(sent.error)
        self.link_note.setText(self.tr(
            "The invitation wasn't emailed: {reason} Give the client this link, or let them "
            "scan the code; it can be used once, until {date}.")
            .replace("{reason}", message).replace("{date}", self._expiry))

    def _show_can_email(self, can: bool) -> None:
        self.can_email = bool(can)
        self._update_email_button()

    def _update_email_button(self) -> None:
        client = self._client
        show = self.can_email and client is not None and client.has_valid_email
        self.email_button.setVisible(show)
        self.email_button.setEnabled(show and self._account_loaded)

    def on_revoke_button_clicked(self) -> None:
        client = self._client
        if client is None or not self.confirm_revoke(client):
            return
        accounts = self._accounts
        self._set_busy(True)

        def done(_had: bool) -> None:
            self._hide_link()
            self.access_changed.emit(client.id)
            self.reload()

        self._tasks.run(lambda: accounts.revoke(client.id), on_success=done,
                        on_failure=self._on_failed)

    def confirm_revoke(self, client: Client) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Revoke portal access"),
            self.tr("{name} will no longer be able to sign in to the client portal, and "
                    "their links stop working. Revoke access?").replace("{name}",
                                                                        client.full_name))
        return answer == QMessageBox.StandardButton.Yes

    def on_copy_button_clicked(self) -> None:
        if self.link:
            QGuiApplication.clipboard().setText(self.link)
            self.link_note.setText(self.tr("Link copied. It can be used once, until {date}.")
                                   .replace("{date}", self._expiry))

    # Showing ------------------------------------------------------------------------------

    _expiry = ""

    def _on_made(self, client_id: int, made: _Made) -> None:
        self._set_busy(False)
        if self._client is None or self._client.id != client_id:
            return
        if made.invitation is None:
            self._show_account(self.account, loaded=True)
            self.reason_label.setText(self.tr(
                "No invitation yet: the portal's public address isn't set. Set it in "
                "Settings → Online portal."))
            return
        self.link = made.link
        self._expiry = when_text(made.invitation.expires_at)
        self.link_edit.setText(made.link)
        self.link_note.setText(self.tr("Give this link to the client, or let them scan the "
                                       "code. It can be used once, until {date}.")
                               .replace("{date}", self._expiry))
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(made.link), "PNG")
        self.qr_label.setPixmap(pixmap)
        self.link_panel.show()
        self.access_changed.emit(client_id)
        self.reload()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, PortalAccessRefused):
            self.reason_label.setText(self._refusal_text(error.reason))
        else:
            self._presenter.present(error, title=self.tr("Portal access"))
        self.reload()

    def _refusal_text(self, reason: str) -> str:
        if reason == "email_shared":
            return self.tr("No invitation: another client with portal access uses this email "
                           "address. Each client signs in with their own email.")
        return self.tr("No invitation: this client has no valid email address, which they "
                       "would sign in with. Add one with Edit…, then give access.")

    def _show_account(self, account: PortalAccount | None, *, loaded: bool) -> None:
        self.account = account
        client = self._client
        self._set_busy(False)
        self._account_loaded = loaded and client is not None
        self._update_email_button()
        if client is None or not loaded:
            self.status_label.setText("" if client is None else self.tr("Loading…"))
            self.reason_label.clear()
            for button in (self.give_button, self.new_link_button, self.revoke_button):
                button.setVisible(button is self.give_button)
                button.setEnabled(False)
            return
        if account is None:
            self.status_label.setText(self.tr("No portal access."))
        elif not account.password_hash:
            self.status_label.setText(self.tr("Invited: the client hasn't set a password "
                                              "yet."))
        elif account.last_sign_in_at is None:
            self.status_label.setText(self.tr("Has portal access; hasn't signed in yet."))
        else:
            self.status_label.setText(self.tr("Has portal access. Last signed in: {when}.")
                                      .replace("{when}", when_text(account.last_sign_in_at)))
        self.reason_label.setText("" if client.has_valid_email or account is not None
                                  else self._refusal_text("no_email"))
        self.give_button.setVisible(account is None)
        self.give_button.setEnabled(account is None and client.has_valid_email)
        self.new_link_button.setVisible(account is not None)
        self.new_link_button.setEnabled(account is not None and client.has_valid_email)
        self.revoke_button.setVisible(account is not None)
        self.revoke_button.setEnabled(account is not None)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.give_button, self.new_link_button, self.revoke_button,
                       self.email_button):
            if busy:
                button.setEnabled(False)

    def _hide_link(self) -> None:
        self.link = ""
        self.link_edit.clear()
        self.qr_label.clear()
        self.link_panel.hide()
