"""``dingdian serve`` and ``dingdian users``: the intake desk and its accounts."""
from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from validator.catalogue import t
from validator.desk.settings import DEFAULT_PORT

data_option = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                           help="The desk's data folder (default: the user data folder).")
db_option = click.option("--db", "db_url", metavar="URL",
                         help="Database URL, e.g. postgresql://user@host/dingdian (default: SQLite in the data folder).")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs users (dingdian users add).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@db_option
@data_option
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the pages (default: DINGDIAN_LANG, else zh).")
@click.option("--behind-proxy", type=click.Choice(["http", "https"]), default=None,
              help="A reverse proxy on this machine forwards to the desk; https: cookies are Secure and "
                   "pages send HSTS (see docs/deploy.md).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the checks on this Dask scheduler (the cluster of dingdian batch; workers mount --data).")
@click.option("--zone", default="Asia/Shanghai", show_default=True,
              help="Time zone of the pages' times and of today's date (an IANA name).")
@click.option("--sign-with", type=click.Path(dir_okay=False, path_type=Path), metavar="P12",
              help="Sign the PDF notices with the agency's certificate (PKCS#12, PAdES B-B); the password "
                   "from DINGDIAN_SIGN_PASSWORD (config: [signatures] sign_with).")
@click.option("--timestamp-url", metavar="URL",
              help="RFC 3161 timestamp server for the notices' signatures (config: [signatures] timestamp_url).")
def serve(host: str, port: int, db_url: str | None, data_dir: Path | None, lang: str | None,
          behind_proxy: str | None, scheduler: str | None, zone: str, sign_with: Path | None,
          timestamp_url: str | None) -> None:
    """Run the intake desk: a case register in the browser, with a JSON API."""
    import uvicorn

    from validator.cli.signed_notice import sign_password
    from validator.desk.app import create_app
    from validator.desk.settings import NoticeSigning, make_settings

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"not a time zone: {zone}", param_hint="--zone") from None
    # once, at start: a wrong password or file stops the desk here, not at the first notice
    signing = NoticeSigning.load(sign_with, sign_password(sign_with), timestamp_url) if sign_with else None
    settings = make_settings(data_dir, db_url, host=host, lang=lang, behind_proxy=behind_proxy, zone=zone,
                             scheduler=scheduler, signing=signing)
    app = create_app(settings)  # migrations and the refusal to serve without users happen here
    click.echo(f"dingdian desk: http://{host}:{port}/  (data {settings.data_dir}, "
               f"database {app.state.desk.engine.dialect.name})", err=True)
    # behind a proxy, the client's address (login throttling) comes from X-Forwarded-For, trusted
    # from the loopback proxy only (uvicorn's forwarded_allow_ips default)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5,
                proxy_headers=behind_proxy is not None)


@click.group()
def users() -> None:
    """Accounts of the intake desk (needed to serve on a non-loopback address)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["clerk", "reviewer", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given (at least 8 characters).")
@db_option
@data_option
def users_add(name: str, role: str, password: str, db_url: str | None, data_dir: Path | None) -> None:
    """Add a user NAME with a role: clerk (masked personal data), reviewer (may waive), admin."""
    from validator.desk.auth import add_user

    add_user(_engine(db_url, data_dir), name, role, password)
    click.echo(f"user {name} added ({role})")


@users.command("token")
@click.argument("name")
@db_option
@data_option
def users_token(name: str, db_url: str | None, data_dir: Path | None) -> None:
    """Print a new API bearer token for NAME (shown once; keep it secret)."""
    from validator.desk.auth import new_api_token

    click.echo(new_api_token(_engine(db_url, data_dir), name))


@users.command("list")
@db_option
@data_option
def users_list(db_url: str | None, data_dir: Path | None) -> None:
    """List the users and their roles."""
    from validator.desk.auth import list_users

    for user in list_users(_engine(db_url, data_dir)):
        click.echo(f"{user.name}\t{user.role}\t{user.created_at:%Y-%m-%d}")


@users.command("remove")
@click.argument("name")
@db_option
@data_option
def users_remove(name: str, db_url: str | None, data_dir: Path | None) -> None:
    """Remove NAME; their sessions and API tokens stop working at once."""
    from validator.desk.auth import remove_user

    remove_user(_engine(db_url, data_dir), name)
    click.echo(f"user {name} removed")


@users.command("unlock")
@click.argument("name", required=False)
@click.option("--address", help="Also lift the lock-out of this client address.")
@db_option
@data_option
def users_unlock(name: str | None, address: str | None, db_url: str | None, data_dir: Path | None) -> None:
    """Lift the login lock-out of NAME (after too many wrong passwords) and/or of an --address."""
    from validator.desk.throttle import unlock

    if not name and not address:
        raise click.UsageError(t("unlock_needs_name_or_address"))
    lifted = unlock(_engine(db_url, data_dir), name, address)
    click.echo(f"{lifted} lock-out(s) lifted")


@click.group()
def desk() -> None:
    """The intake desk's data: back it up and restore it."""


@desk.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@data_option
def desk_backup(out: Path, db_url: str | None, data_dir: Path | None) -> None:
    """Write the register (SQLite online backup or pg_dump), its blobs and its secret to OUT (.tar.gz)."""
    from validator.desk.backup import backup
    from validator.desk.settings import make_settings

    click.echo(f"backup written: {backup(make_settings(data_dir, db_url), out)}")


@desk.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@data_option
def desk_restore(source: Path, db_url: str | None, data_dir: Path | None) -> None:
    """Restore a backup into an empty register (a fresh data folder or database)."""
    from validator.desk.backup import restore
    from validator.desk.settings import make_settings

    restore(make_settings(data_dir, db_url), source)
    click.echo(f"restored from {source}")


def _engine(db_url: str | None, data_dir: Path | None):  # noqa: ANN202 - sqlalchemy.Engine, imported lazily
    from validator.desk.database import make_engine, migrate
    from validator.desk.settings import make_settings

    settings = make_settings(data_dir, db_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db_url)
    migrate(engine)
    return engine
