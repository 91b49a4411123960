"""The register's parts on their own: version difference, document numbers, dates, names, users."""
from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from validator.domain.workdays import add_working_days
from test_desk_support import fresh_database, postgres_cluster
from validator.desk.auth import add_user, login, resolve
from validator.desk.database import make_engine, migrate
from validator.desk.dates import next_due
from validator.desk.diff import compare
from validator.desk.forms import safe_name
from validator.desk.notices import format_number, next_number
from validator.desk.register import CaseFields, Upload, add_supplement, create_case, get_case, set_status
from validator.desk.settings import is_loopback, make_settings
from validator.errors import UsageError


def finding(code: str, material: str | None = None, field: str | None = None, severity: str = "error",
            **extra) -> dict:
    return {"code": code, "material": material, "field": field, "severity": severity, "message": code, **extra}


def report(*findings: dict) -> dict:
    return {"findings": list(findings)}


def test_difference_by_code_material_and_field():
    before = report(finding("missing_material", "practice_license"), finding("name_mismatch", "license", "name"),
                    finding("expiring_soon", "license", severity="warning"))
    after = report(finding("name_mismatch", "license", "name", file="other.pdf"),  # same key, other file: open
                   finding("name_mismatch", "license", "address"),  # near miss: another field is new
                   finding("unclassified_file", severity="info"))  # notes never count
    changes = compare(before, after)
    assert [f["code"] for f in changes["fixed"]] == ["missing_material", "expiring_soon"]
    assert [(f["code"], f["field"]) for f in changes["open"]] == [("name_mismatch", "name")]
    assert [(f["code"], f["field"]) for f in changes["new"]] == [("name_mismatch", "address")]


def test_waived_findings_count_as_fixed():
    warning = finding("expiring_soon", "license", severity="warning")
    changes = compare(report(warning), report({**warning, "waived": {"by": "r", "reason": "ok"}}))
    assert changes == {"fixed": [warning], "open": [], "new": []}


@pytest.mark.parametrize("given, kept", [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\clerk\\申报材料.zip", "申报材料.zip"),
    ("a\x00b\nc.zip", "abc.zip"), ("", "package.zip"), ("   ", "package.zip"), ("x" * 300, "x" * 200),
])
def test_uploaded_names_are_shown_never_used_as_paths(given, kept):
    assert safe_name(given) == kept


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("[::1]", True),
                                            ("localhost", True), ("127.0.0.2", True), ("0.0.0.0", False),
                                            ("192.168.1.10", False), ("desk.example", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def sqlite_engine(tmp_path) -> sa.Engine:
    engine = make_engine(make_settings(tmp_path / "data").db_url)
    migrate(engine)
    return engine


def test_document_numbers_run_per_agency_and_year(tmp_path):
    engine = sqlite_engine(tmp_path)
    with engine.begin() as conn:
        numbers = [next_number(conn, "扬州市医疗保障基金管理中心", 2026) for _ in range(3)]
        other_agency = next_number(conn, "威海市医疗保险事业中心", 2026)
        next_year = next_number(conn, "扬州市医疗保障基金管理中心", 2027)
    assert numbers == [1, 2, 3] and other_agency == 1 and next_year == 1
    assert format_number(2026, 12, "zh") == "〔2026〕第0012号" and format_number(2026, 12, "en") == "[2026] No. 0012"


def test_a_failed_issue_uses_no_number(tmp_path):
    engine = sqlite_engine(tmp_path)
    with pytest.raises(RuntimeError):
        with engine.begin() as conn:
            next_number(conn, "agency", 2026)
            raise RuntimeError("the notice could not be written")
    with engine.begin() as conn:
        assert next_number(conn, "agency", 2026) == 1


@pytest.mark.slow
def test_concurrent_clerks_never_share_a_number_on_postgresql():
    with postgres_cluster() as admin:
        engine = make_engine(make_settings(None, fresh_database(admin, "numbers")).db_url)
        migrate(engine)
        got: list[int] = []
        lock = threading.Lock()

        def clerk() -> None:
            for _ in range(10):
                with engine.begin() as conn:
                    number = next_number(conn, "agency", 2026)
                with lock:
                    got.append(number)

        threads = [threading.Thread(target=clerk) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        engine.dispose()
    assert sorted(got) == list(range(1, 61))


def test_next_due_follows_the_status(tmp_path):
    engine = sqlite_engine(tmp_path)
    received = date(2026, 11, 2)
    with engine.begin() as conn:
        case_id, _ = create_case(conn, "clerk", Upload("0" * 64, 1, "a.zip"),
                                 CaseFields(city="yangzhou", kind="pharmacy", received=received))
        case = get_case(conn, case_id)
        # yangzhou 三(一): the agency answers within 5 working days of receipt
        assert next_due(conn, case) == (add_working_days(received, 5)[0], "notify")
        set_status(conn, "clerk", case_id, "withdrawn")
        assert get_case(conn, case_id).next_due is None
    with engine.begin() as conn:
        other, _ = create_case(conn, "clerk", Upload("1" * 64, 1, "b.zip"), CaseFields(received=received))
        assert next_due(conn, get_case(conn, other)) == (None, None)  # city not known yet: no date
        set_status(conn, "clerk", other, "notified")
        add_supplement(conn, "clerk", other, Upload("2" * 64, 1, "c.zip"), date(2026, 11, 20))
        assert get_case(conn, other).status == "supplemented"


def test_users_and_sessions(tmp_path):
    engine = sqlite_engine(tmp_path)
    add_user(engine, "王芳", "clerk", "correct horse")
    with pytest.raises(UsageError, match="已存在"):
        add_user(engine, "王芳", "clerk", "correct horse")
    with pytest.raises(UsageError, match="未知角色"):
        add_user(engine, "b", "boss", "correct horse")
    with pytest.raises(UsageError, match="至少8个字符"):
        add_user(engine, "c", "clerk", "short")
    assert login(engine, "王芳", "wrong horse") is None and login(engine, "nobody", "correct horse") is None
    token = login(engine, "王芳", "correct horse")
    principal = resolve(engine, token, "session")
    assert (principal.name, principal.role, principal.sees_personal_data) == ("王芳", "clerk", False)
    assert resolve(engine, token, "api") is None  # a session is not an API token
    with engine.connect() as conn:
        assert "correct horse" not in str(conn.execute(sa.text("SELECT password_hash FROM users")).scalar())


def test_users_command(tmp_path):
    from validator.cli import cli

    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "李强", "--role", "reviewer", "--data", str(tmp_path)],
                          input="a long password\na long password\n")
    assert added.exit_code == 0 and "李强" in added.output
    token = runner.invoke(cli, ["users", "token", "李强", "--data", str(tmp_path)])
    assert token.exit_code == 0
    engine = make_engine(make_settings(tmp_path).db_url)
    assert resolve(engine, token.output.strip(), "api").role == "reviewer"
    listed = runner.invoke(cli, ["users", "list", "--data", str(tmp_path)])
    assert listed.exit_code == 0 and listed.output.startswith("李强\treviewer\t")
    assert runner.invoke(cli, ["users", "remove", "李强", "--data", str(tmp_path)]).exit_code == 0
    assert resolve(engine, token.output.strip(), "api") is None  # the token died with the user
    assert runner.invoke(cli, ["users", "remove", "李强", "--data", str(tmp_path)]).exit_code != 0


def test_migrations_upgrade_a_register_in_place(tmp_path):
    engine = make_engine(make_settings(tmp_path / "data").db_url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        case_id, _ = create_case(conn, "clerk", Upload("0" * 64, 1, "a.zip"), CaseFields(received=date(2026, 11, 2)))
    assert "pdf_sha256" not in {column["name"] for column in sa.inspect(engine).get_columns("notices")}
    migrate(engine)  # what `dingdian serve` does at start
    assert "pdf_sha256" in {column["name"] for column in sa.inspect(engine).get_columns("notices")}
    assert {"files_done", "files_total"} <= {column["name"] for column in sa.inspect(engine).get_columns("versions")}
    with engine.connect() as conn:
        assert get_case(conn, case_id).received == date(2026, 11, 2)
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0006"
