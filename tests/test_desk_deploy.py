"""docs/deploy.md's compose file and systemd unit are what the page says."""
from __future__ import annotations

import re

import yaml

from test_desk_support import REPO

DOCS = REPO / "docs"


def test_compose_runs_the_desk_and_postgresql_on_loopback_with_volumes():
    compose = yaml.safe_load((DOCS / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"desk", "db"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["desk"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["desk"]["ports"] == ["127.0.0.1:8750:8750"]  # only the proxy reaches it
    command = services["desk"]["command"]
    assert "dingdian serve" in command and "--behind-proxy https" in command and "@db/dingdian" in command
    mounts = {volume.split(":")[0] for service in services.values() for volume in service["volumes"]}
    assert mounts - {"./wheels"} == set(compose["volumes"]) == {"db-data", "desk-data"}


def test_deploy_page_has_a_unit_a_proxy_with_tls_and_the_upload_limit():
    text = (DOCS / "deploy.md").read_text(encoding="utf-8")
    assert "[Service]" in text and "ExecStart=" in text and "UMask=0077" in text
    assert re.search(r"client_max_body_size 200m;", text) and "ssl_certificate" in text
    assert "--behind-proxy https" in text and "dingdian users unlock" in text
