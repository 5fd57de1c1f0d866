"""WeCom's callback crypto (doc 91144), shared by the app callback (receive id = corp id) and the 智能机器人 (receive id "")."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from flask import Response
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto

from bot.clock import utcnow
from bot.handlers.common import Refused, check_fresh, require_args, strict_int

FRESH_WINDOW_S = 300
MAX_XML_BYTES = 64 * 1024
MAX_CIPHERTEXT_CHARS = 96 * 1024
BLOCK = 32  # WeCom pads to 32 bytes (PKCS#7 with a 32-byte block), not AES's 16
TIMESTAMP_DIGITS = 10  # seconds since 1970 fit in 10 digits until 2286


def wecom_signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypted])).encode()).hexdigest()


class CallbackCrypto:
    """Verify, decrypt and encrypt one WeCom callback's messages; raises Refused with the right status."""

    def __init__(self, token: str, aes_key: str, receive_id: str):
        if len(aes_key) != 43:
            raise ValueError("EncodingAESKey must be 43 characters")
        self.token = token
        self.receive_id = receive_id
        self.crypto = WeChatCrypto(token, aes_key, receive_id)

    def verify(self, signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        expected = wecom_signature(self.token, timestamp, nonce, encrypted)
        if not hmac.compare_digest(expected.encode(), signature.lower().encode()):  # bytes: any text compares
            raise Refused(403, "bad msg_signature")

    def decrypt(self, encrypted: str) -> str:
        """The plaintext of a verified ciphertext. wechatpy does not check the padding or the length field, so a
        validly signed but malformed ciphertext is taken apart here, every field checked (400, or 403 when it was
        sealed for another receive id)."""
        try:
            raw = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise Refused(400, "ciphertext is not base64") from None
        if not raw or len(raw) % 16:
            raise Refused(400, "ciphertext is not whole AES blocks")
        decryptor = Cipher(algorithms.AES(self.crypto.key), modes.CBC(self.crypto.key[:16])).decryptor()
        plain = decryptor.update(raw) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise Refused(400, "bad padding")
        body = plain[16:-pad]
        size = int.from_bytes(body[:4], "big")
        if len(body) < 4 or size > len(body) - 4:
            raise Refused(400, "length field beyond the plaintext")
        if body[4 + size:] != self.receive_id.encode():
            raise Refused(403, "receive id inside the ciphertext does not match")
        try:
            return body[4:4 + size].decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "plaintext is not UTF-8") from None

    def open(self, signature: str, timestamp: str, nonce: str, encrypted: str) -> str:
        """Check the request's freshness and signature, then decrypt: nothing is read before both pass."""
        check_fresh(strict_int(timestamp, TIMESTAMP_DIGITS, "timestamp"), FRESH_WINDOW_S)
        if len(encrypted) > MAX_CIPHERTEXT_CHARS:
            raise Refused(400, "ciphertext too long")
        self.verify(signature, timestamp, nonce, encrypted)
        return self.decrypt(encrypted)

    def encrypt(self, plaintext: str, nonce: str | None = None) -> dict[str, str]:
        """The encrypted, signed envelope fields for a passive reply."""
        nonce = nonce or secrets.token_hex(8)
        timestamp = str(int(utcnow().timestamp()))
        encrypted = PrpCrypto(self.crypto.key).encrypt(plaintext, self.receive_id).decode()
        return {"encrypt": encrypted, "signature": wecom_signature(self.token, timestamp, nonce, encrypted),
                "timestamp": timestamp, "nonce": nonce}

    def encrypt_xml(self, xml: str, nonce: str | None = None) -> str:
        nonce = nonce or secrets.token_hex(8)
        return self.crypto.encrypt_message(xml, nonce, str(int(utcnow().timestamp())))


def safe_xml(data: bytes | str):
    """Parse XML with no DTD, entities or external references, and a size cap; malformed input is a 400."""
    if len(data) > MAX_XML_BYTES:
        raise Refused(400, "XML too large")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise Refused(400, f"bad XML ({type(exc).__name__})") from None


def url_verification(crypto: CallbackCrypto) -> Response:
    """WeCom's GET check of a callback URL: the decrypted echostr as plain text, 403 when the signature is wrong."""
    signature, timestamp, nonce, echostr = require_args("msg_signature", "timestamp", "nonce", "echostr")
    return Response(crypto.open(signature, timestamp, nonce, echostr), mimetype="text/plain")
