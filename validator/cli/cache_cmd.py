"""``dingdian cache info`` / ``dingdian cache clear``: the OCR and batch cache."""
from __future__ import annotations

import json

import click


@click.group("cache")
def cache() -> None:
    """Show or clear the cache (OCR text of scans, batch results). It lives in the user's
    cache directory (or $DINGDIAN_CACHE_DIR), readable by its owner only."""


@cache.command("info")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def info(output_format: str) -> None:
    """Where the cache is, how many files it holds and its size."""
    from validator.cache import cache_usage

    usage = cache_usage()
    if output_format == "json":
        click.echo(json.dumps({"path": str(usage.root), "exists": usage.exists, "files": usage.files,
                               "bytes": usage.bytes}, ensure_ascii=False))
        return
    click.echo(f"缓存位置 / location: {usage.root}{'' if usage.exists else ' (not created yet)'}")
    click.echo(f"文件数 / files: {usage.files}")
    click.echo(f"大小 / size: {_human(usage.bytes)}")


@cache.command("clear")
def clear() -> None:
    """Remove the whole cache (it is rebuilt on the next check)."""
    from validator.cache import cache_root, clear_cache

    removed = clear_cache()
    click.echo(f"已清除 / cleared: {cache_root()} ({removed} files)")


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
