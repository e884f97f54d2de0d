"""The virus scanner for uploads: ClamAV's clamd, spoken to over its socket (INSTREAM).

Configured by ``CLAMD_SOCKET`` (a unix socket path) or ``CLAMD_HOST`` + ``CLAMD_PORT``;
without either, :func:`scan` does nothing. When it is configured, it fails closed: a
scanner that cannot be reached, times out or answers with an error refuses the upload
("kan nu niet worden gecontroleerd"), so nothing unscanned is stored.

The protocol (clamd(8), INSTREAM): send ``zINSTREAM\\0``, then the bytes in chunks, each
preceded by its length as a 4-byte big-endian number, then a zero length. clamd answers
one line ended by ``\\0``: ``stream: OK``, ``stream: <name> FOUND`` or ``… ERROR``.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

logger = logging.getLogger(__name__)

DEFAULT_PORT = 3310
DEFAULT_TIMEOUT_SECONDS = 30.0
_CHUNK = 64 * 1024
_MAX_REPLY = 4096

INFECTED = "Het bestand bevat een virus of ander schadelijk onderdeel en is niet opgeslagen."
UNAVAILABLE = "Het bestand kan nu niet worden gecontroleerd op virussen, probeer het later opnieuw."


class ScannerUnavailable(Exception):
    """clamd could not be reached or gave no usable answer."""


def configured() -> bool:
    return bool(getattr(settings, "CLAMD_SOCKET", "") or getattr(settings, "CLAMD_HOST", ""))


def _connect() -> socket.socket:
    timeout = float(getattr(settings, "CLAMD_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    path = getattr(settings, "CLAMD_SOCKET", "")
    if path:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(path)
        except BaseException:
            connection.close()
            raise
        return connection
    port = int(getattr(settings, "CLAMD_PORT", DEFAULT_PORT) or DEFAULT_PORT)
    return socket.create_connection((settings.CLAMD_HOST, port), timeout=timeout)


def instream(upload: UploadedFile) -> str:
    """Send the bytes to clamd; its answer without the ``stream: `` prefix."""
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            upload.seek(0)
            for chunk in upload.chunks(_CHUNK):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while b"\0" not in reply and len(reply) < _MAX_REPLY:
                data = connection.recv(_MAX_REPLY)
                if not data:
                    break
                reply += data
    except OSError as error:  # refused, no such socket, timeout, reset
        raise ScannerUnavailable(str(error)) from error
    finally:
        upload.seek(0)
    answer = reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
    if answer.startswith("stream:"):
        answer = answer[len("stream:") :].strip()
    if answer == "OK" or answer.endswith(" FOUND"):
        return answer
    raise ScannerUnavailable(answer or "no answer")


def scan(upload: UploadedFile) -> None:
    """Raise a Dutch ValidationError if clamd finds something, or cannot be asked."""
    if not configured():
        return
    try:
        answer = instream(upload)
    except ScannerUnavailable as error:
        logger.error("Virus scanner unavailable, upload refused: %s", error)
        raise ValidationError({"file": UNAVAILABLE}, code="scanner_unavailable") from error
    if answer != "OK":
        logger.warning("Virus scanner refused an upload: %s", answer)
        raise ValidationError({"file": INFECTED}, code="infected")
