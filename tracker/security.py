"""Password hashing with argon2id (argon2-cffi), one-time codes and their digests; no plain text stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; a missing or malformed hash never matches, never raises."""
    if not password_hash or not password:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def new_code(digits: int = 6) -> str:
    """A code a person types from an SMS: digits only, every value equally likely."""
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"


def new_token() -> str:
    """A one-time link's token: too long to guess, so only its digest needs keeping."""
    return secrets.token_urlsafe(24)


def code_digest(secret: str, code: str) -> str:
    """HMAC-SHA256 keyed with the app's secret. Not argon2: a six-digit code has a million values,
    so no slow hash would protect a copied table; the key, which lives outside the database, does,
    and a keyed digest can be looked up and compared at once."""
    return hmac.new(secret.encode(), code.encode(), hashlib.sha256).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def _fernet(secret: str):
    # Imported here: only the single sign-on pages need it. The key is derived from the app's secret
    # (HKDF, its own label), so a copy of the database alone does not give the providers' secrets.
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"tracker sso client secret").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, text: str) -> str:
    """A text kept encrypted (Fernet: AES-CBC + HMAC) under a key derived from the app's secret."""
    return _fernet(secret).encrypt(text.encode()).decode()


def unseal(secret: str, sealed: str) -> str | None:
    """The text back, or None when it was sealed under another app secret (or altered)."""
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(secret).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
