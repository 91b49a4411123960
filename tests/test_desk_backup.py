"""``dingdian desk backup`` / ``restore`` on SQLite and PostgreSQL: the restored register equals the original."""
from __future__ import annotations

import stat

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from test_desk_support import client, fresh_database, postgres_cluster, upload, wait_checked
from validator.cli import cli
from validator.desk.database import make_engine
from validator.desk.settings import make_settings

TABLES = ("cases", "versions", "notices", "audit", "sequences", "waivers")


def register_rows(db_url: str) -> dict[str, list[tuple]]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = {table: [tuple(row) for row in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1"))]
                for table in TABLES}
    engine.dispose()
    return rows


def fill_register(tmp_path, db_url: str | None) -> None:
    with client(tmp_path, db_url) as http:
        first = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, first)
        assert http.post(f"/api/cases/{first}/notice").status_code == 201
        second = upload(http, "taiyuan-clinic-defective").json()["id"]
        wait_checked(http, second)
        http.post(f"/api/cases/{second}/withdraw", data={"reason": "申请人撤回"})


def round_trip(tmp_path, source_url: str | None, target_url: str | None) -> None:
    fill_register(tmp_path / "a", source_url)
    source = make_settings(tmp_path / "a" / "data", source_url)
    archive = tmp_path / "desk.tar.gz"
    runner = CliRunner()
    made = runner.invoke(cli, ["desk", "backup", str(archive), "--data", str(source.data_dir),
                               *(["--db", source_url] if source_url else [])])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    target = make_settings(tmp_path / "b" / "data", target_url)
    restored = runner.invoke(cli, ["desk", "restore", str(archive), "--data", str(target.data_dir),
                                   *(["--db", target_url] if target_url else [])])
    assert restored.exit_code == 0, restored.output
    assert register_rows(target.db_url) == register_rows(source.db_url)
    blobs = sorted(path.name for path in (source.data_dir / "blobs").rglob("*") if path.is_file())
    assert blobs and blobs == sorted(path.name for path in (target.data_dir / "blobs").rglob("*") if path.is_file())
    again = runner.invoke(cli, ["desk", "restore", str(archive), "--data", str(target.data_dir),
                                *(["--db", target_url] if target_url else [])])
    assert again.exit_code != 0 and "空的登记库" in str(again.exception)  # never over a register in use


def test_backup_and_restore_on_sqlite(tmp_path):
    round_trip(tmp_path, None, None)


@pytest.mark.slow
def test_backup_and_restore_on_postgresql(tmp_path):
    with postgres_cluster() as admin:
        round_trip(tmp_path, fresh_database(admin, "source"), fresh_database(admin, "target"))
