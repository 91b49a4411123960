"""The intake desk (``dingdian serve``): a local web application with a case register.

An application layer above the core: it stores packages, runs ``validator.check.run_check``
in a background worker, keeps cases, versions, notices, waivers and an append-only audit
log in a database (SQLite by default, PostgreSQL by URL) and serves pages and a JSON API.
"""
