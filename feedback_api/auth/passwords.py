"""Argon2id password hashing (argon2-cffi's defaults, which follow RFC 9106's recommendations)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from feedback_api.i18n import msg

_hasher = PasswordHasher()
# Verifying against this when the account does not exist makes an unknown e-mail cost as much
# time as a wrong password, so response timing does not reveal which addresses have accounts.
# Made on first use: hashing costs a noticeable fraction of a second, and `kb --help` should not.
_dummy_hash: str | None = None

MIN_LENGTH = 10


def use(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (tests use cheap parameters); returns the previous one."""
    global _hasher, _dummy_hash
    previous, _hasher, _dummy_hash = _hasher, hasher, None
    return previous


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not a real password")
    return _dummy_hash


def validate(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValueError(msg("auth.password_too_short", min=MIN_LENGTH))


def hash_password(password: str) -> str:
    validate(password)
    return _hasher.hash(password)


def rehash(password: str) -> str:
    """A new hash for a password that already passed ``verify`` (no length rule: it is in use)."""
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
