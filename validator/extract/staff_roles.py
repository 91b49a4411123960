"""Staff roles (physicians, nurses, pharmacists …) from 职位 and 职称, by the one table in
validator/data/staff_roles.yaml that the roster generator and the roster rules share."""
from __future__ import annotations

from functools import lru_cache

from validator.resources import load_data_yaml


@lru_cache(maxsize=1)
def role_words() -> dict[str, tuple[str, ...]]:
    return {role: tuple(entry["words"]) for role, entry in load_data_yaml("staff_roles.yaml").items()}


@lru_cache(maxsize=1)
def role_titles(lang: str) -> dict[str, str]:
    """How reports name each role's count in ``lang`` (zh or en)."""
    return {role: entry["title"][lang] for role, entry in load_data_yaml("staff_roles.yaml").items()}


def roles(*texts: str | None) -> frozenset[str]:
    """The roles whose words occur in any of ``texts`` (职位, 职称)."""
    text = " ".join(str(part or "") for part in texts)
    return frozenset(role for role, words in role_words().items() if any(word in text for word in words))


def role_ids() -> tuple[str, ...]:
    return tuple(role_words())
