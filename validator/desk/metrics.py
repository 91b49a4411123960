"""``GET /metrics`` in the Prometheus text format, read from the database at each scrape.

The figures come from the register itself (versions and the audit log), not from counters in
one process, so every desk process behind one address reports the same totals: queue length,
checks done and failed per city, checks in the last minute, and the check time per city.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterator

import sqlalchemy as sa
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry
from starlette.requests import Request
from starlette.responses import Response

from validator.desk.database import utcnow
from validator.desk.tables import audit, cases, versions


class RegisterCollector:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Any]:
        with self.engine.connect() as conn:
            queue = GaugeMetricFamily("dingdian_desk_queue", "Versions waiting for or in a check", labels=["state"])
            state_counts = sa.select(versions.c.check_status, sa.func.count()).group_by(versions.c.check_status)
            counts = dict(conn.execute(state_counts).all())
            for state in ("queued", "running"):
                queue.add_metric([state], counts.get(state, 0))
            yield queue
            checks = CounterMetricFamily("dingdian_desk_checks", "Checks finished, by city and outcome",
                                         labels=["city", "outcome"])
            outcome = sa.case((audit.c.action == "check.done", "done"), else_="failed")
            city = sa.func.coalesce(cases.c.city, "")
            finished = sa.select(city, outcome, sa.func.count()).join(cases, cases.c.id == audit.c.case_id).where(
                audit.c.action.in_(("check.done", "check.failed")))
            for town, result, count in conn.execute(finished.group_by(city, outcome)):
                checks.add_metric([town, result], count)
            yield checks
            recent = conn.execute(sa.select(sa.func.count()).select_from(audit).where(
                audit.c.action == "check.done", audit.c.at >= utcnow() - timedelta(minutes=1))).scalar()
            yield GaugeMetricFamily("dingdian_desk_checks_last_minute", "Checks done in the last minute", value=recent)
            yield _check_time(conn)


def _check_time(conn: sa.Connection) -> SummaryMetricFamily:
    """The latest check time of each version, summed per city."""
    summary = SummaryMetricFamily("dingdian_desk_check_seconds", "Time of a check, by city", labels=["city"])
    totals: dict[str, list[float]] = {}
    rows = conn.execute(sa.select(cases.c.city, versions.c.started_at, versions.c.finished_at)
                        .join(cases, cases.c.id == versions.c.case_id)
                        .where(versions.c.check_status == "done", versions.c.started_at.is_not(None)))
    for city, started, finished in rows:
        if finished is not None:
            total = totals.setdefault(city or "", [0, 0.0])
            total[0] += 1
            total[1] += max(0.0, (finished - started).total_seconds())
    for city, (count, seconds) in sorted(totals.items()):
        summary.add_metric([city], count_value=count, sum_value=seconds)
    return summary


async def metrics(request: Request) -> Response:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(RegisterCollector(request.app.state.desk.engine))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
