from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses everything: the edge of the outside world."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP says no")
