"""Logins throttled, file names masked, private files, Secure cookies (audit of 2026-12-07, section 5)."""
from __future__ import annotations

import stat
import zipfile

from click.testing import CliRunner

from test_desk_security import PASSWORD, logged_in, with_users
from test_desk_support import AS_OF, SAMPLES, client, wait_checked, zip_bytes
from validator.desk import auth

ID_NUMBER = "230103198812143263"  # the audit's example: a scan named by its holder's ID number


def login(http, name: str, password: str):
    return http.post("/login", data={"name": name, "password": password}, follow_redirects=False)


def test_five_wrong_passwords_lock_the_name_until_an_admin_unlocks_it(tmp_path):
    from validator.cli import cli

    with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        assert [login(http, "clerk", "wrong-password").status_code for _ in range(5)] == [401] * 5
        locked = login(http, "clerk", PASSWORD)
        assert locked.status_code == 429 and "管理员" in locked.text and "dingdian_session" not in locked.cookies
        assert login(http, "reviewer", PASSWORD).status_code == 303  # near miss: another name is not locked
        unlocked = CliRunner().invoke(cli, ["users", "unlock", "clerk", "--data", str(tmp_path / "data")])
        assert unlocked.exit_code == 0 and "1" in unlocked.output
        assert login(http, "clerk", PASSWORD).status_code == 303


def test_four_wrong_passwords_then_the_right_one_pass_and_reset_the_count(tmp_path):
    with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        for _ in range(2):
            assert [login(http, "clerk", "wrong-password").status_code for _ in range(4)] == [401] * 4
            assert login(http, "clerk", PASSWORD).status_code == 303


def test_one_address_trying_many_names_is_locked(tmp_path):
    with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        answers = [login(http, f"name{n}", "wrong-password").status_code for n in range(20)]
        assert answers == [401] * 20
        assert login(http, "clerk", PASSWORD).status_code == 429


def test_an_unknown_name_costs_the_same_password_check(tmp_path, monkeypatch):
    with_users(tmp_path)
    verified: list[str] = []
    real = auth._hasher

    class Spy:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, stored: str, given: str) -> bool:
            verified.append(stored)
            return real.verify(stored, given)

    monkeypatch.setattr(auth, "_hasher", Spy())
    with client(tmp_path, host="0.0.0.0") as http:
        assert login(http, "nobody", "wrong-password").status_code == 401
        assert login(http, "clerk", "wrong-password").status_code == 401
    assert len(verified) == 2 and all(stored.startswith("$argon2") for stored in verified)


def package_with_named_scan(tmp_path) -> bytes:
    folder = tmp_path / "package"
    for path in (SAMPLES / "taiyuan-clinic-defective").rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(SAMPLES / "taiyuan-clinic-defective")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (folder / f"王立新-{ID_NUMBER}-身份证.txt").write_text("身份证复印件", encoding="utf-8")
    data = zip_bytes(folder)
    assert zipfile.ZipFile(__import__("io").BytesIO(data)).namelist()
    return data


def test_clerks_never_see_id_numbers_in_file_names(tmp_path):
    token = with_users(tmp_path)
    package = package_with_named_scan(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        http.headers["Authorization"] = f"Bearer {token}"
        case_id = http.post("/api/cases", data={"as_of": AS_OF, "received": AS_OF},
                            files={"package": ("p.zip", package)}).json()["id"]
        full = wait_checked(http, case_id)["report"]
        assert any(ID_NUMBER in item["file"] for item in full["inputs"])  # the reviewer sees it
        del http.headers["Authorization"]
        logged_in(http, "clerk")
        shown = http.get(f"/api/cases/{case_id}").json()["report"]
        assert shown["inputs"] and not any(ID_NUMBER in item["file"] for item in shown["inputs"])
        assert ID_NUMBER not in http.get(f"/cases/{case_id}/versions/1/report.html").text
        assert ID_NUMBER not in http.get(f"/cases/{case_id}").text


def test_database_packages_and_reports_are_private(tmp_path):
    with client(tmp_path) as http:
        case_id = http.post("/api/cases", data={"as_of": AS_OF, "received": AS_OF},
                            files={"package": ("p.zip", package_with_named_scan(tmp_path))}).json()["id"]
        wait_checked(http, case_id)
        assert http.get(f"/cases/{case_id}/versions/1/report.html").status_code == 200
    data = tmp_path / "data"
    modes = {path.relative_to(data).as_posix(): stat.S_IMODE(path.stat().st_mode) for path in data.rglob("*")}
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert modes["desk.sqlite3"] == 0o600 and modes["reports/1/report.full.html"] == 0o600
    assert all(mode & 0o077 == 0 for mode in modes.values()), modes


def test_secure_cookie_and_hsts_behind_an_https_proxy(tmp_path):
    with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0", behind_proxy="https") as http:
        answer = login(http, "clerk", PASSWORD)
        assert "secure" in answer.headers["set-cookie"].lower()
        assert answer.headers["strict-transport-security"].startswith("max-age=")
    with client(tmp_path, host="0.0.0.0") as http:  # near miss: plain http keeps neither
        answer = login(http, "clerk", PASSWORD)
        assert "secure" not in answer.headers["set-cookie"].lower()
        assert "strict-transport-security" not in answer.headers
