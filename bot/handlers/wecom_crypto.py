"""WeCom's callback crypto (doc 91144), shared by the app callback (receive id = corp id) and the 智能机器人 (receive id "")."""
from __future__ import annotations

import binascii
import hashlib
import hmac
import secrets
import struct

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from flask import Response
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidSignatureException

from bot.clock import utcnow
from bot.handlers.common import Refused, require_args

FRESH_WINDOW_S = 300
MAX_XML_BYTES = 64 * 1024


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
        if not hmac.compare_digest(expected, signature.lower()):
            raise Refused(403, "bad msg_signature")

    def decrypt(self, encrypted: str) -> str:
        try:
            return PrpCrypto(self.crypto.key).decrypt(encrypted, self.receive_id)
        except InvalidCorpIdException:
            raise Refused(403, "receive id inside the ciphertext does not match") from None
        except (ValueError, TypeError, IndexError, struct.error, binascii.Error, UnicodeDecodeError) as exc:
            raise Refused(400, f"undecryptable ({type(exc).__name__})") from None

    def verify_echo(self, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        self.verify(signature, timestamp, nonce, echostr)
        try:
            return self.crypto.check_signature(signature, timestamp, nonce, echostr)
        except InvalidSignatureException:
            raise Refused(403, "bad msg_signature") from None

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
    return Response(crypto.verify_echo(signature, timestamp, nonce, echostr), mimetype="text/plain")
