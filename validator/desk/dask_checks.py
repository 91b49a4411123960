"""``dingdian serve --scheduler tcp://HOST:PORT``: the desk's checks run on the Dask cluster that
``dingdian batch`` uses, with the same worker plugin (validator.batch.dask_engine: OCR threads
and the OCR model loaded once per worker).

Workers read the stored package by its path, so they mount the desk's data folder at the same
path (the shared file system ``batch`` already needs). A check's report comes back as
``--format json`` prints it and is recorded by the desk exactly as a local check's is; the
per-file progress is not reported from a cluster (the page shows the check as running).
"""
from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Callable

from validator.catalogue import t
from validator.errors import UsageError


def report_on_worker(options: Any, filename: str, lang: str, _version_id: int) -> dict[str, Any]:
    """On a Dask worker: the report as ``--format json --show-personal-data`` prints it."""
    from validator.desk.worker import checked

    return checked(options, filename).to_dict(lang, show_personal_data=True)


class DaskChecks:
    """The check process's interface (``submit`` → a concurrent Future, ``shutdown``) on a cluster."""

    def __init__(self, scheduler: str) -> None:
        from validator.batch.dask_engine import _distributed, _plugin_class
        from validator.batch.worker import OCR_THREADS

        distributed = _distributed()
        try:
            self.client = distributed.Client(scheduler, timeout="10s")
        except OSError as error:
            raise UsageError(t("scheduler_unreachable", scheduler=scheduler, reason=error)) from None
        self.client.register_plugin(_plugin_class()(OCR_THREADS, True))

    def submit(self, _job: Callable[..., Any], *args: Any) -> Future:
        """Sends the check (always ``report_on_worker``: the local job reports progress through a
        queue a cluster worker cannot reach); a plain Future the desk's worker thread waits on."""
        answer: Future = Future()
        remote = self.client.submit(report_on_worker, *args, pure=False, retries=0)

        def settle(done: Any) -> None:
            try:
                answer.set_result(done.result())
            except Exception as error:  # noqa: BLE001 - a failed or killed task fails that version
                answer.set_exception(error)

        remote.add_done_callback(settle)
        return answer

    def shutdown(self, wait: bool = False, cancel_futures: bool = False) -> None:
        self.client.close()
