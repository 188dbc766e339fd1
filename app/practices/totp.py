"""Two-factor login with TOTP (RFC 6238, pyotp), and the secrets sealed at rest.

A therapist's TOTP secret is stored encrypted with AES-256-GCM under `TOTP_KEY` (Settings), with
the therapist's id as associated data: a database dump alone does not give the secrets away,
and a sealed secret copied into another therapist's row does not open there.

A code is accepted for the current 30-second step or one step either side (clock drift), and
only once: the step it matched is stored, and a code of that step or an earlier one is refused
(`totp_last_step`, claimed with a conditional UPDATE so two racing logins cannot both use it).
"""

import base64
import hashlib
import os
from functools import lru_cache

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pyotp.exceptions import OTPVerificationError

ISSUER = "methodisch"
VALID_WINDOW = 1
"""Steps of 30 s accepted either side of now: a phone whose clock is a little off still works."""
_FORMAT = "v1"


def new_secret() -> str:
    """160 random bits, base32: what authenticator apps expect (RFC 4226 recommends 160)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, login: str) -> str:
    """The otpauth:// URI an authenticator app reads (from a QR code, or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=ISSUER)


def matching_step(secret: str, code: str) -> int | None:
    """The time step `code` is valid for, now (one step either side), or None."""
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(code, valid_window=VALID_WINDOW)
    except OTPVerificationError:
        return None


def is_fresh(step: int | None, last_step: int | None) -> bool:
    """A matched code that was not used before: its step is later than the last one used."""
    return step is not None and (last_step is None or step > last_step)


class SecretKeyMismatch(RuntimeError):
    """The stored secret was sealed with another TOTP_KEY (a configuration error)."""


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        # Names the key in every sealed value, so a wrong TOTP_KEY is reported as exactly that.
        self.key_id = hashlib.sha256(b"methodisch totp key id\0" + key).hexdigest()[:8]

    def seal(self, secret: str, therapist_id: int) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, secret.encode(), _bound_to(therapist_id))
        return f"{_FORMAT}.{self.key_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, stored: str, therapist_id: int) -> str:
        version, key_id, payload = stored.split(".", 2)
        if version != _FORMAT or key_id != self.key_id:
            raise SecretKeyMismatch(
                f"TOTP secret of therapist {therapist_id} was sealed with key {key_id}, "
                f"TOTP_KEY is key {self.key_id}"
            )
        raw = base64.urlsafe_b64decode(payload)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], _bound_to(therapist_id)).decode()
        except InvalidTag:
            raise SecretKeyMismatch(
                f"TOTP secret of therapist {therapist_id} does not open (altered or moved)"
            ) from None


def _bound_to(therapist_id: int) -> bytes:
    return f"therapist:{therapist_id}".encode()


@lru_cache(maxsize=4)
def box_for(key: bytes) -> SecretBox:
    return SecretBox(key)
