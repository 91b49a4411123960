"""The desk's official terms, Chinese and English: case states, roles and the notices it issues.
A leaf below words, journal and refusals, which all name them."""
from __future__ import annotations

CASE_STATUS = {
    "received": ("收到", "received"), "notified": ("已告知补正", "notified to supplement"),
    "accepted": ("已受理", "accepted"), "rejected": ("不予受理", "not accepted"),
    "supplemented": ("已补正", "supplemented"), "withdrawn": ("已撤回", "withdrawn"),
}
ROLES = {"clerk": ("受理员", "clerk"), "reviewer": ("审核员", "reviewer"), "admin": ("管理员", "admin")}
NOTICE_TITLES = {"acceptance": ("受理通知书", "notice of acceptance"),
                 "correction": ("一次性告知书", "one-time notice to supplement"),
                 "rejection": ("不予受理告知书", "notice of non-acceptance")}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]
