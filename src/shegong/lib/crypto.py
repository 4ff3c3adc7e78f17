"""Encryption and hashing of personal data, behind one setting (DESIGN: data protection).

`CRYPTO_SUITE = "intl"` uses AES-256-GCM and SHA-256; `"sm"` uses SM4-GCM and SM3 for the
national cryptography assessment (密评). Every ciphertext carries its suite tag, so data written
under one suite stays readable after the setting changes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac as std_hmac
import os
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_NONCE = 12
_TAG = 16


@cache
def _master_key() -> bytes:
    if settings.DATA_KEY:
        key = base64.b64decode(settings.DATA_KEY)
        if len(key) != 32:
            raise ValueError("SHEGONG_DATA_KEY must be base64 of 32 bytes")
        return key
    return hashlib.sha256(("shegong-data-key:" + settings.SECRET_KEY).encode()).digest()


@cache
def _subkey(purpose: str, length: int = 32) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode())
    return kdf.derive(_master_key())


def suite() -> str:
    return "sm" if settings.CRYPTO_SUITE == "sm" else "intl"


def encrypt_text(plain: str) -> str:
    """Encrypt a short text; the result is ASCII and tagged with its suite."""
    nonce = os.urandom(_NONCE)
    data = plain.encode()
    if suite() == "sm":
        enc = Cipher(algorithms.SM4(_subkey("sm4", 16)), modes.GCM(nonce)).encryptor()
        sealed = enc.update(data) + enc.finalize() + enc.tag
        return "s1:" + base64.b64encode(nonce + sealed).decode()
    sealed = AESGCM(_subkey("aes")).encrypt(nonce, data, None)
    return "a1:" + base64.b64encode(nonce + sealed).decode()


def decrypt_text(token: str) -> str:
    """Reverse `encrypt_text`; raises ValueError on a tampered or foreign ciphertext."""
    tag, _, body = token.partition(":")
    raw = base64.b64decode(body)
    nonce, sealed = raw[:_NONCE], raw[_NONCE:]
    try:
        if tag == "s1":
            dec = Cipher(
                algorithms.SM4(_subkey("sm4", 16)), modes.GCM(nonce, sealed[-_TAG:])
            ).decryptor()
            return (dec.update(sealed[:-_TAG]) + dec.finalize()).decode()
        if tag == "a1":
            return AESGCM(_subkey("aes")).decrypt(nonce, sealed, None).decode()
    except Exception as exc:  # InvalidTag and friends: never leak partial plaintext
        raise ValueError("ciphertext does not verify") from exc
    raise ValueError(f"unknown ciphertext tag {tag!r}")


def _hash_algorithm(name: str) -> hashes.HashAlgorithm:
    return hashes.SM3() if name == "sm3" else hashes.SHA256()


def digest_name() -> str:
    return "sm3" if suite() == "sm" else "sha256"


def digest(data: bytes, name: str | None = None) -> str:
    """Hex digest with the configured hash (SHA-256 or SM3), or the one named."""
    h = hashes.Hash(_hash_algorithm(name or digest_name()))
    h.update(data)
    return h.finalize().hex()


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalised value, stored beside its ciphertext for exact lookups."""
    mac = crypto_hmac.HMAC(_subkey("lookup"), _hash_algorithm(digest_name()))
    mac.update(value.strip().upper().encode())
    return mac.finalize().hex()


def secret_hash(value: str) -> str:
    """Keyed SHA-256 of a short-lived secret (an SMS code, an API token)."""
    return std_hmac.new(_subkey("secret"), value.encode(), hashlib.sha256).hexdigest()


def mask_phone(phone: str) -> str:
    """138****1234: the first three and last four digits stay visible."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """445202********123X: region and last four only."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
