"""The intake desk (``dingdian serve``): a local web application with a case register.

An application layer above the core: it stores packages, runs ``validator.check.pipeline.run_check``
in a background check process, keeps cases, versions, notices, waivers and an append-only
audit log in a database (SQLite by default, PostgreSQL by URL) and serves pages and a JSON API.

Modules, bottom up:

* ``settings`` — data folder (platformdirs), database URL, host, language, upload limit.
* ``tables`` / ``database`` / ``migrations`` — SQLAlchemy Core tables, the engine (SQLite in WAL
  mode with synchronous=FULL), Alembic migrations applied at every start.
* ``storage`` — content-addressed, read-only blobs (packages and issued notices); the same
  package guards as ``dingdian check`` (``open_package``) before anything is kept.
* ``register`` — cases, versions, status workflow, waivers, withdrawal; every change audited
  in the same transaction. ``dates`` — statutory dates from ``validator.domain.deadlines``.
  ``diff`` — fixed / still open / new between two versions (code + material + field).
* ``worker`` — the queue lives in the database (queued → running → done | failed); one
  thread feeds one spawned check process; versions left running by a killed server are
  re-queued at start.
* ``notices`` — 一次性告知书 / 受理通知书 / 不予受理告知书 via ``generators.notice`` with a
  document number from a per-agency, per-year sequence row locked in the issuing transaction;
  once per case, version and kind (the case row locked, a unique constraint).
* ``auth`` / ``guard`` / ``forms`` — users (argon2), sessions and API tokens (sha256 kept),
  loopback-only local mode, CSRF tokens (HMAC), cross-site refusal, upload size.
* ``listing`` / ``export`` — the register query (filters, due buckets) and summary.xlsx.
* ``api`` / ``pages`` / ``words`` / ``app`` — JSON API, HTML pages (Jinja2, plain JS, no build
  step), the zh/en words, the Starlette application.
* ``renderer`` — the one spawned render process that writes notices and HTML reports (no
  reader or native library ever runs in the server). ``refusals`` — every refusal's words;
  ``journal`` — the audit log in words. ``throttle`` — login attempts per name and address.
  ``private`` — 0700/0600 files. ``metrics`` — /metrics. ``backup`` — desk backup / restore.
"""
