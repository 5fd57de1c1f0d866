"""WeCom senders: the self-built app (message/send, appchat/send, image upload) and the group robot webhook."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from bot.notifier.transport import (PermanentSendError, RetryableSendError, TokenCache, http_json, read_file,
                                    split_utf8)

TEXT_LIMIT_BYTES = 2048
ROBOT_MARKDOWN_LIMIT_BYTES = 4096
TOKEN_ERRORS = {40014, 42001}
RETRYABLE_ERRORS = {-1, 45009, 45033, 45011}
TRUSTED_IP_ERROR = 60020
RESPONSE_CODE_EXPIRED = 60140  # update_template_card: the one-use code was used or is past its 72 h


def check_errcode(body: dict, what: str) -> None:
    code = body.get("errcode", 0)
    if code == 0:
        return
    message = f"{what}: errcode {code} {body.get('errmsg', '')}".strip()
    if code in RETRYABLE_ERRORS:
        raise RetryableSendError(message)
    if code == TRUSTED_IP_ERROR:
        message += " (add this server's IP to the app's 企业可信IP)"
    raise PermanentSendError(message)


def text_bodies(payload: dict, markdown_limit: int) -> list[dict]:
    """The message bodies (without recipients) a payload becomes: a card, or markdown/text split by bytes."""
    if payload.get("card"):
        return [{"msgtype": "template_card", "template_card": payload["card"]}]
    if payload.get("markdown"):
        return [{"msgtype": "markdown", "markdown": {"content": part}}
                for part in split_utf8(payload["markdown"], markdown_limit)]
    if not payload.get("text"):
        return []
    return [{"msgtype": "text", "text": {"content": part}} for part in split_utf8(payload["text"], TEXT_LIMIT_BYTES)]


class WeComApi:
    """Calls on the app's behalf with a cached token; a refused token is refreshed and the call retried once."""

    def __init__(self, base: str, corp_id: str, secret: str):
        self.base = base.rstrip("/")
        self.corp_id = corp_id
        self.secret = secret
        self.tokens = TokenCache(self._fetch_token, platform="wecom")

    def _fetch_token(self) -> tuple[str, int]:
        _, body = http_json("GET", f"{self.base}/cgi-bin/gettoken",
                            params={"corpid": self.corp_id, "corpsecret": self.secret})
        check_errcode(body, "gettoken")
        return body["access_token"], int(body.get("expires_in", 7200))

    def call(self, path: str, params: dict | None = None, **kwargs) -> dict:
        """One call; a refused token is refreshed and the call made once more. Refused again right after a refresh
        (WeCom's token service lagging, or a token revoked twice) it is retryable: the outbox waits and tries later
        with a fresh token, and dead-letters only when the attempts are used up."""
        token = self.tokens.get()
        body = self._post(path, token, params, kwargs)
        if body.get("errcode") in TOKEN_ERRORS:
            self.tokens.invalidate(token)
            token = self.tokens.get()
            body = self._post(path, token, params, kwargs)
            if body.get("errcode") in TOKEN_ERRORS:
                self.tokens.invalidate(token)
                raise RetryableSendError(f"{path}: errcode {body['errcode']} again after a token refresh")
        check_errcode(body, path)
        return body

    def get(self, path: str, params: dict | None = None) -> dict:
        """A read (department/list, user/list) with the same token handling as call()."""
        return self.call(path, params, method="GET")

    def _post(self, path: str, token: str, params: dict | None, kwargs: dict) -> dict:
        query = {"access_token": token, **(params or {})}
        method = kwargs.get("method", "POST")
        rest = {k: v for k, v in kwargs.items() if k != "method"}
        return http_json(method, f"{self.base}/cgi-bin/{path}", params=query, **rest)[1]

    def upload_image(self, png: bytes) -> str:
        return self.upload("image", "chart.png", png)

    def upload(self, kind: str, name: str, data: bytes) -> str:
        """media/upload (type image or file): a media id valid for three days."""
        body = self.call("media/upload", params={"type": kind}, files={"media": (name, data)})
        return body["media_id"]


def file_message(api: WeComApi, payload: dict) -> dict | None:
    """The body of a file message (after uploading the file), or None when the payload has no file."""
    if not payload.get("file"):
        return None
    path = Path(payload["file"]["path"])
    return {"msgtype": "file", "file": {"media_id": api.upload("file", payload["file"]["name"], read_file(path))}}


class WeComAppChannel:
    """Direct messages from the self-built app; target is a userid (or "a|b")."""

    name = "wecom_app"

    def __init__(self, api: WeComApi, agent_id: str):
        self.api = api
        self.agent_id = int(agent_id)

    def send(self, target: str, payload: dict) -> None:
        if payload.get("card_update"):
            self.update_card(target, payload["card_update"])
            return
        for body in text_bodies(payload, TEXT_LIMIT_BYTES):
            self.api.call("message/send", json={"touser": target, "agentid": self.agent_id, **body})
        if payload.get("image_png_b64"):
            media_id = self.api.upload_image(base64.b64decode(payload["image_png_b64"]))
            self.api.call("message/send", json={"touser": target, "agentid": self.agent_id,
                                                "msgtype": "image", "image": {"media_id": media_id}})
        attached = file_message(self.api, payload)
        if attached:
            self.api.call("message/send", json={"touser": target, "agentid": self.agent_id, **attached})


    def update_card(self, target: str, update: dict) -> None:
        """Redraw a clicked card for `target` with the click's one-use response_code; an expired code is no error:
        the card just stays as it was (the click's answer was given anyway)."""
        body = {"userids": [target], "agentid": self.agent_id, "response_code": update["response_code"],
                "template_card": update["template_card"]}
        try:
            self.api.call("message/update_template_card", json=body)
        except PermanentSendError as exc:
            if f"errcode {RESPONSE_CODE_EXPIRED}" not in str(exc):
                raise


class WeComAppChatChannel:
    """Group chats the app created (appchat); target is the chatid."""

    name = "wecom_appchat"

    def __init__(self, api: WeComApi):
        self.api = api

    def send(self, target: str, payload: dict) -> None:
        for body in text_bodies(payload, TEXT_LIMIT_BYTES):
            self.api.call("appchat/send", json={"chatid": target, **body})
        if payload.get("image_png_b64"):
            media_id = self.api.upload_image(base64.b64decode(payload["image_png_b64"]))
            self.api.call("appchat/send", json={"chatid": target, "msgtype": "image", "image": {"media_id": media_id}})


class WeComRobotChannel:
    """A group robot (消息推送) webhook; target is its full URL or just its key."""

    name = "wecom_robot"

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def url(self, target: str) -> str:
        return target if target.startswith(("http://", "https://")) else f"{self.base}/cgi-bin/webhook/send?key={target}"

    def send(self, target: str, payload: dict) -> None:
        url = self.url(target)
        for body in text_bodies(payload, ROBOT_MARKDOWN_LIMIT_BYTES):
            _, answer = http_json("POST", url, json=body)
            check_errcode(answer, "webhook/send")
        if payload.get("image_png_b64"):
            png = base64.b64decode(payload["image_png_b64"])
            image = {"base64": payload["image_png_b64"], "md5": hashlib.md5(png).hexdigest()}
            _, answer = http_json("POST", url, json={"msgtype": "image", "image": image})
            check_errcode(answer, "webhook/send")


class WeComAiBotResponseChannel:
    """A late answer to a 智能机器人 message, through the response_url the message carried (markdown only)."""

    name = "wecom_aibot_response"

    def send(self, target: str, payload: dict) -> None:
        content = payload.get("markdown") or payload.get("text", "")
        for part in split_utf8(content, ROBOT_MARKDOWN_LIMIT_BYTES):
            _, answer = http_json("POST", target, json={"msgtype": "markdown", "markdown": {"content": part}})
            check_errcode(answer, "aibot/response")
