"""``dingdian cache info`` / ``dingdian cache clear``: the OCR and batch cache."""
from __future__ import annotations

import json

import click

from validator.cli.i18n import t


@click.group("cache")
def cache() -> None:
    pass


@cache.command("info")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def info(output_format: str) -> None:
    from validator.cache import cache_usage

    usage = cache_usage()
    if output_format == "json":
        click.echo(json.dumps({"path": str(usage.root), "exists": usage.exists, "files": usage.files,
                               "bytes": usage.bytes}, ensure_ascii=False))
        return
    click.echo(f"{t('cache_location')}: {usage.root}{'' if usage.exists else t('cache_not_created')}")
    click.echo(f"{t('cache_files')}: {usage.files}")
    click.echo(f"{t('cache_size')}: {_human(usage.bytes)}")


@cache.command("clear")
def clear() -> None:
    from validator.cache import cache_root, clear_cache

    removed = clear_cache()
    click.echo(t("cache_cleared", path=cache_root(), count=removed))


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
