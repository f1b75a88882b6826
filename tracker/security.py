"""Password hashing with argon2id (argon2-cffi), one-time codes and their digests; no plain text stored."""

from __future__ import annotations

import base64
import functools
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


@functools.cache
def stand_in_hash() -> str:
    """A hash of a random password nobody knows, made once per process with today's parameters: a
    sign-in for a username nobody has is verified against it, so it costs what a real one costs."""
    return _hasher.hash(secrets.token_urlsafe(24))


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


SSO_CLIENT_SECRET = b"tracker sso client secret"  # what a sealed text is for: each its own key
TOTP_SECRET = b"tracker totp secret"
WEBHOOK_SECRET = b"tracker webhook signing secret"


@functools.lru_cache(maxsize=16)
def _fernet(secret: str, purpose: bytes):
    # The key is derived from the app's secret (HKDF, one label per purpose), so a copy of the
    # database alone gives neither the providers' secrets nor the authenticator apps' keys.
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, text: str, purpose: bytes = SSO_CLIENT_SECRET) -> str:
    """A text kept encrypted (Fernet: AES-CBC + HMAC) under a key derived from the app's secret."""
    return _fernet(secret, purpose).encrypt(text.encode()).decode()


def unseal(secret: str, sealed: str, purpose: bytes = SSO_CLIENT_SECRET) -> str | None:
    """The text back, or None when it was sealed under another app secret (or altered)."""
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(secret, purpose).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
