"""DingTalk senders: custom group robot webhook (signed), robot messages to users and groups, and session webhooks."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.clock import utcnow
from bot.notifier.transport import (PermanentSendError, RetryableSendError, TokenCache, http_json, read_file,
                                    split_utf8)

TEXT_LIMIT_BYTES = 15000  # msgParam's documented cap; robot webhooks take about as much
MAX_USERS_PER_CALL = 20
RETRYABLE_ERRORS = {130101, -1, 88}  # send too fast, busy, gateway
SECRET_PARAM = "secret"


def sign(secret: str, timestamp_ms: int) -> str:
    """base64(HmacSHA256(key=secret, msg=timestamp + "\\n" + secret)): callbacks and robot webhooks both use it."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_errcode(body: dict, what: str) -> None:
    code = body.get("errcode", 0)
    if code == 0:
        return
    message = f"{what}: errcode {code} {body.get('errmsg', '')}".strip()
    raise (RetryableSendError if code in RETRYABLE_ERRORS else PermanentSendError)(message)


def webhook_bodies(payload: dict) -> list[dict]:
    """Robot webhook bodies; payload["at_user_ids"] @-mentions those staff ids in a group."""
    if payload.get("markdown"):
        title = payload.get("title") or payload.get("text", "")[:20] or "通知"
        bodies = [{"msgtype": "markdown", "markdown": {"title": title, "text": part}}
                  for part in split_utf8(payload["markdown"], TEXT_LIMIT_BYTES)]
    else:
        bodies = [{"msgtype": "text", "text": {"content": part}}
                  for part in split_utf8(payload.get("text", ""), TEXT_LIMIT_BYTES)]
    if payload.get("at_user_ids"):
        for body in bodies:
            body["at"] = {"atUserIds": list(payload["at_user_ids"]), "isAtAll": False}
    return bodies


def signed_webhook_url(target: str, now_ms: int) -> str:
    """A custom robot URL may carry its 加签 secret as ?secret=SEC…; it is replaced by timestamp and sign."""
    parts = urlsplit(target)
    query = dict(parse_qsl(parts.query))
    secret = query.pop(SECRET_PARAM, "")
    if secret:
        query.update(timestamp=str(now_ms), sign=sign(secret, now_ms))
    return urlunsplit(parts._replace(query=urlencode(query)))


class DingTalkWebhookChannel:
    """A custom group robot (target: its webhook URL) or a message's sessionWebhook (target: that URL)."""

    def __init__(self, name: str):
        self.name = name

    def send(self, target: str, payload: dict) -> None:
        for body in webhook_bodies(payload):
            _, answer = http_json("POST", signed_webhook_url(target, int(utcnow().timestamp() * 1000)), json=body)
            check_errcode(answer, self.name)


class DingTalkApi:
    """The v1.0 OpenAPI with an app access token, cached and refreshed once when refused."""

    def __init__(self, base: str, app_key: str, app_secret: str, robot_code: str, oapi_base: str = ""):
        self.base = base.rstrip("/")
        self.oapi_base = (oapi_base or "https://oapi.dingtalk.com").rstrip("/")
        self.app_key = app_key
        self.app_secret = app_secret
        self.robot_code = robot_code
        self.tokens = TokenCache(self._fetch_token, platform="dingtalk")

    def _fetch_token(self) -> tuple[str, int]:
        status, body = http_json("POST", f"{self.base}/v1.0/oauth2/accessToken",
                                 json={"appKey": self.app_key, "appSecret": self.app_secret})
        if status != 200 or "accessToken" not in body:
            raise PermanentSendError(f"accessToken: HTTP {status} {body.get('code', '')}")
        return body["accessToken"], int(body.get("expireIn", 7200))

    def post(self, path: str, body: dict, method: str = "POST") -> dict:
        token = self.tokens.get()
        status, answer = self._post(path, token, body, method)
        if status == 401:
            self.tokens.invalidate(token)
            status, answer = self._post(path, self.tokens.get(), body, method)
        if status >= 400:
            code = str(answer.get("code", ""))
            error = RetryableSendError if "Throttling" in code or "QpsLimit" in code else PermanentSendError
            raise error(f"{path}: HTTP {status} {code} {answer.get('message', '')}".strip())
        return answer

    def _post(self, path: str, token: str, body: dict, method: str) -> tuple[int, dict]:
        return http_json(method, f"{self.base}{path}", json=body, headers={"x-acs-dingtalk-access-token": token})

    def upload(self, kind: str, name: str, data: bytes) -> str:
        """media/upload (the old oapi host, type image or file): the media id a sampleImageMsg or sampleFile sends.
        That the app's v1.0 token is accepted there is what peer code does; the docs name the legacy token."""
        _, body = http_json("POST", f"{self.oapi_base}/media/upload", params={"access_token": self.tokens.get(),
                            "type": kind}, files={"media": (name, data)})
        check_errcode(body, "media/upload")
        return str(body["media_id"])


def robot_messages(payload: dict, api: DingTalkApi | None = None) -> list[tuple[str, str]]:
    """(msgKey, msgParam JSON string) pairs for the robot OpenAPI; an image or a file is uploaded first."""
    if api is not None and (payload.get("image_png_b64") or payload.get("file")):
        return robot_messages({k: v for k, v in payload.items() if k not in ("image_png_b64", "file")}) \
            + attachment_messages(payload, api)
    if payload.get("markdown"):
        title = payload.get("title") or "通知"
        return [("sampleMarkdown", json.dumps({"title": title, "text": part}, ensure_ascii=False))
                for part in split_utf8(payload["markdown"], TEXT_LIMIT_BYTES)]
    return [("sampleText", json.dumps({"content": part}, ensure_ascii=False))
            for part in split_utf8(payload.get("text", ""), TEXT_LIMIT_BYTES)]


def attachment_messages(payload: dict, api: DingTalkApi) -> list[tuple[str, str]]:
    """sampleImageMsg {photoURL} with the uploaded media id (seen in peer code, not in the docs) and sampleFile."""
    messages = []
    if payload.get("image_png_b64"):
        media_id = api.upload("image", "chart.png", base64.b64decode(payload["image_png_b64"]))
        messages.append(("sampleImageMsg", json.dumps({"photoURL": media_id})))
    if payload.get("file"):
        path = Path(payload["file"]["path"])
        media_id = api.upload("file", path.name, read_file(path))
        messages.append(("sampleFile", json.dumps({"mediaId": media_id, "fileName": payload["file"]["name"],
                                                   "fileType": path.suffix.lstrip(".")}, ensure_ascii=False)))
    return messages


class DingTalkUserChannel:
    """Robot single-chat messages; target is a staff id (or several joined by "|")."""

    name = "dingtalk_user"

    def __init__(self, api: DingTalkApi):
        self.api = api

    def send(self, target: str, payload: dict) -> None:
        users = [u for u in target.split("|") if u]
        for start in range(0, len(users), MAX_USERS_PER_CALL):
            for key, param in robot_messages(payload, self.api):
                self.api.post("/v1.0/robot/oToMessages/batchSend", {
                    "robotCode": self.api.robot_code, "userIds": users[start:start + MAX_USERS_PER_CALL],
                    "msgKey": key, "msgParam": param})


class DingTalkGroupChannel:
    """Robot messages into a group the robot is in; target is the openConversationId."""

    name = "dingtalk_group"

    def __init__(self, api: DingTalkApi):
        self.api = api

    def send(self, target: str, payload: dict) -> None:
        for key, param in robot_messages(payload, self.api):
            self.api.post("/v1.0/robot/groupMessages/send", {
                "robotCode": self.api.robot_code, "openConversationId": target, "msgKey": key, "msgParam": param})


class DingTalkCardChannel:
    """Card instances from the admin's card template, delivered with Stream callbacks so a click comes back on
    /v1.0/card/instances/callback: target "user:STAFFID" or "group:OPENCONVERSATIONID"; payload
    {"card": {"biz_id", "params"}} creates and delivers one, {"card_update": …} rewrites its variables. Paths and
    fields: the dingtalk-stream SDK's create_and_deliver_card / put_card_data (docs/platforms.md)."""

    name = "dingtalk_card"

    def __init__(self, api: DingTalkApi, template_id: str):
        self.api = api
        self.template_id = template_id

    def send(self, target: str, payload: dict) -> None:
        if payload.get("card_update"):
            update = payload["card_update"]
            self.api.post("/v1.0/card/instances", {"outTrackId": update["biz_id"],
                                                   "cardData": {"cardParamMap": update["params"]}}, method="PUT")
            return
        card = payload["card"]
        body = {"cardTemplateId": self.template_id, "outTrackId": card["biz_id"], "callbackType": "STREAM",
                "cardData": {"cardParamMap": card["params"]}, "userIdType": 1}
        kind, _, where = target.partition(":")
        if kind == "group":
            body.update(openSpaceId=f"dtv1.card//IM_GROUP.{where}", imGroupOpenSpaceModel={"supportForward": False},
                        imGroupOpenDeliverModel={"robotCode": self.api.robot_code})
        else:
            body.update(openSpaceId=f"dtv1.card//IM_ROBOT.{where}", imRobotOpenSpaceModel={"supportForward": False},
                        imRobotOpenDeliverModel={"spaceType": "IM_ROBOT", "robotCode": self.api.robot_code})
        self.api.post("/v1.0/card/instances/createAndDeliver", body)
