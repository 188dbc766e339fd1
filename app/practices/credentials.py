"""Secrets: bearer tokens (random, stored only as SHA-256) and passwords (argon2id)."""

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_PREFIX = "mt_"
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def new_token() -> str:
    """256 bits of randomness; a hash of it is enough to store (no offline guessing possible)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        # Same work as a real check, so a missing account cannot be told apart by timing.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a password is too weak, or None. Length beats composition rules (NIST 800-63B)."""
    if len(password) < 12:
        return "minstens 12 tekens"
    if len(password) > 256:
        return "hoogstens 256 tekens"
    return None
