"""Reading the organisation from the platform: departments, their leaders, and members, as one Directory.

WeCom (self-built app token; it sees the app's visible range): GET department/list → department[{id, name,
parentid, department_leader[]}], GET user/list?department_id= → userlist[{userid, name, department[], status,
is_leader_in_dept[]}] (status 5 = left). DingTalk (old oapi host, app token): topapi/v2/department/listsub
{dept_id} → result[{dept_id, name}], topapi/v2/department/get → result.dept_manager_userid_list,
topapi/v2/user/list {dept_id, cursor, size} → result{list[{userid, name, leader}], has_more, next_cursor}.
Everything is read before anything is written: one failed call and the sync changes nothing."""
from __future__ import annotations

from typing import Callable

from bot.notifier.dingtalk_send import DingTalkApi
from bot.notifier.dingtalk_send import check_errcode as dingtalk_errcode
from bot.notifier.transport import PermanentSendError, http_json
from bot.notifier.wecom_send import WeComApi
from bot.storage.org_sync import Department, Directory

WECOM_LEFT = 5
DINGTALK_ROOT = 1
DINGTALK_PAGE = 100
MAX_DEPARTMENTS = 5000  # a bound on the walk, so a looping answer cannot keep the sync busy forever


def wecom_directory(api: WeComApi) -> Directory:
    directory = Directory("wecom")
    for dept in api.get("department/list").get("department", []):
        dept_id = str(dept["id"])
        directory.departments[dept_id] = Department(dept_id, str(dept["name"]), set(dept.get("department_leader") or []))
    for dept_id, dept in directory.departments.items():
        for user in api.get("user/list", {"department_id": dept_id}).get("userlist", []):
            if user.get("status") == WECOM_LEFT:
                continue
            directory.add_member(str(user["userid"]), str(user["name"]), dept_id)
            leads = dict(zip((str(d) for d in user.get("department") or []), user.get("is_leader_in_dept") or []))
            if leads.get(dept_id) == 1:
                dept.leaders.add(str(user["userid"]))
    return directory


def _dingtalk_call(api: DingTalkApi, path: str, body: dict) -> dict:
    _, answer = http_json("POST", f"{api.oapi_base}/{path}", params={"access_token": api.tokens.get()}, json=body)
    dingtalk_errcode(answer, path)
    return answer.get("result") or {}


def dingtalk_directory(api: DingTalkApi) -> Directory:
    directory = Directory("dingtalk")
    queue = [DINGTALK_ROOT]
    while queue and len(directory.departments) < MAX_DEPARTMENTS:
        parent = queue.pop(0)
        for dept in _dingtalk_call(api, "topapi/v2/department/listsub", {"dept_id": parent}) or []:
            dept_id = str(dept["dept_id"])
            if dept_id not in directory.departments:
                directory.departments[dept_id] = Department(dept_id, str(dept["name"]))
                queue.append(dept["dept_id"])
    for dept_id, dept in directory.departments.items():
        detail = _dingtalk_call(api, "topapi/v2/department/get", {"dept_id": int(dept_id)})
        dept.leaders |= {str(u) for u in detail.get("dept_manager_userid_list") or []}
        cursor = 0
        while True:
            page = _dingtalk_call(api, "topapi/v2/user/list", {"dept_id": int(dept_id), "cursor": cursor,
                                                               "size": DINGTALK_PAGE})
            for user in page.get("list") or []:
                directory.add_member(str(user["userid"]), str(user["name"]), dept_id)
                if user.get("leader"):
                    dept.leaders.add(str(user["userid"]))
            if not page.get("has_more"):
                break
            cursor = page["next_cursor"]
    return directory


def checked(read: Callable[[], Directory]) -> Callable[[], Directory]:
    """An answer without the fields we read is as unusable as no answer: a SendError, and nothing changes."""
    def run() -> Directory:
        try:
            return read()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PermanentSendError(f"unexpected answer ({type(exc).__name__}: {exc})") from None
    return run


def configured_fetchers(settings) -> dict[str, Callable[[], Directory]]:
    """platform -> how to read its directory, for each platform whose app credentials are set."""
    fetchers: dict[str, Callable[[], Directory]] = {}
    if settings.get("WECOM_CORP_ID") and settings.get("WECOM_SECRET"):
        api = WeComApi(settings.get("WECOM_API_BASE"), settings.get("WECOM_CORP_ID"), settings.get("WECOM_SECRET"))
        fetchers["wecom"] = checked(lambda: wecom_directory(api))
    if settings.get("DINGTALK_APP_KEY") and settings.get("DINGTALK_APP_SECRET"):
        dingtalk = DingTalkApi(settings.get("DINGTALK_API_BASE"), settings.get("DINGTALK_APP_KEY"),
                               settings.get("DINGTALK_APP_SECRET"), settings.get("DINGTALK_ROBOT_CODE"),
                               settings.get("DINGTALK_OAPI_BASE"))
        fetchers["dingtalk"] = checked(lambda: dingtalk_directory(dingtalk))
    return fetchers
