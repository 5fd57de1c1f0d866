"""python -m bot selfcheck: send a signed (and for WeCom encrypted) test message to the running server, print the reply."""
from __future__ import annotations

import argparse
import json
import uuid

import requests

from bot.clock import utcnow
from bot.handlers.common import Refused
from bot.handlers.wecom_crypto import CallbackCrypto, safe_xml
from bot.notifier.dingtalk_send import sign
from bot.services import Services

TIMEOUT_S = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="where `python -m bot serve` listens")
    parser.add_argument("--platform", choices=("wecom", "wecom_aibot", "dingtalk"), default="wecom")
    parser.add_argument("--text", default="/帮助", help="the message to send")
    parser.add_argument("--as", dest="sender", default="selfcheck", help="sender userid (registered as a rep)")


def wecom_check(url: str, settings, text: str, sender: str) -> str:
    corp = settings.get("WECOM_CORP_ID")
    crypto = CallbackCrypto(settings.get("WECOM_TOKEN"), settings.get("WECOM_AES_KEY"), corp)
    inner = (f"<xml><ToUserName><![CDATA[{corp}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
             f"<CreateTime>{int(utcnow().timestamp())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
             f"<Content><![CDATA[{text}]]></Content><MsgId>{uuid.uuid4().int >> 65}</MsgId>"
             f"<AgentID>{settings.get('WECOM_AGENT_ID') or 0}</AgentID></xml>")
    sealed = crypto.encrypt(inner)
    body = f"<xml><ToUserName><![CDATA[{corp}]]></ToUserName><Encrypt><![CDATA[{sealed['encrypt']}]]></Encrypt></xml>"
    resp = _post(f"{url}/wecom/callback", sealed, body.encode(), "text/xml")
    if not resp.content:
        return "(空回复：处理超过 4 秒，回复会通过应用消息推送)"
    envelope = safe_xml(resp.content)
    encrypted = envelope.findtext("Encrypt")
    crypto.verify(envelope.findtext("MsgSignature"), envelope.findtext("TimeStamp"), envelope.findtext("Nonce"), encrypted)
    return safe_xml(crypto.decrypt(encrypted).encode()).findtext("Content")


def aibot_check(url: str, settings, text: str, sender: str) -> str:
    crypto = CallbackCrypto(settings.get("WECOM_AIBOT_TOKEN"), settings.get("WECOM_AIBOT_AES_KEY"), "")
    message = {"msgid": uuid.uuid4().hex, "chattype": "single", "from": {"userid": sender}, "msgtype": "text",
               "text": {"content": text}}
    sealed = crypto.encrypt(json.dumps(message, ensure_ascii=False))
    resp = _post(f"{url}/wecom/aibot", sealed, json.dumps({"encrypt": sealed["encrypt"]}).encode(), "application/json")
    if not resp.content:
        return "(空回复)"
    body = resp.json()
    crypto.verify(body["msgsignature"], str(body["timestamp"]), body["nonce"], body["encrypt"])
    reply = json.loads(crypto.decrypt(body["encrypt"]))
    return reply.get("stream", {}).get("content") or json.dumps(reply, ensure_ascii=False)


def dingtalk_check(url: str, settings, text: str, sender: str) -> str:
    now_ms = int(utcnow().timestamp() * 1000)
    message = {"msgtype": "text", "text": {"content": text}, "msgId": uuid.uuid4().hex, "conversationType": "1",
               "senderStaffId": sender, "senderNick": sender, "sessionWebhook": "", "createAt": now_ms,
               "robotCode": settings.get("DINGTALK_ROBOT_CODE"), "senderCorpId": settings.get("DINGTALK_CORP_ID")}
    resp = requests.post(f"{url}/dingtalk/callback", json=message, timeout=TIMEOUT_S,
                         headers={"timestamp": str(now_ms), "sign": sign(settings.get("DINGTALK_APP_SECRET"), now_ms)})
    resp.raise_for_status()
    return resp.json().get("text", {}).get("content", "")


def _post(url: str, sealed: dict, body: bytes, content_type: str) -> requests.Response:
    query = {"msg_signature": sealed["signature"], "timestamp": sealed["timestamp"], "nonce": sealed["nonce"]}
    resp = requests.post(url, params=query, data=body, headers={"Content-Type": content_type}, timeout=TIMEOUT_S)
    resp.raise_for_status()
    return resp


CHECKS = {"wecom": wecom_check, "wecom_aibot": aibot_check, "dingtalk": dingtalk_check}


def run(args: argparse.Namespace, services: Services) -> int:
    url = args.url.rstrip("/")
    print(f"→ {args.platform} {url}: {args.text}", flush=True)
    try:
        reply = CHECKS[args.platform](url, services.settings, args.text, args.sender)
    except requests.RequestException as exc:
        print(f"✗ 请求失败：{exc}（服务在运行吗？设置和服务端一致吗？403 = 签名或时间不对）", flush=True)
        return 1
    except Refused as exc:
        print(f"✗ 回复验签或解密失败：{exc.reason}（服务端和本机的 Token/EncodingAESKey 一致吗？）", flush=True)
        return 1
    except ValueError as exc:
        print(f"✗ 设置或回复有误：{exc}", flush=True)
        return 1
    print(f"← {reply}", flush=True)
    return 0
