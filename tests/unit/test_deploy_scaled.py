"""deploy/'s scale-out (issue 13): compose's scaled profile, Prometheus' targets, the systemd
template units, and the docs' links. No image can be built here (no Docker registry), so the
files are parsed and checked against each other and against the settings the code reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CLUSTERS = {"cluster-a": "0", "cluster-b": "1"}
# Being added with shard clusters (issue 13); every other name must be a real setting.
SHARD_SETTINGS = {"YIQI_SHARD_COUNT", "YIQI_SHARD_IDS"}
# Built from deploy/Dockerfile, never pulled.
LOCAL_IMAGE = "yiqi:latest"


def services() -> dict[str, Any]:
    data = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    result = data["services"]
    assert isinstance(result, dict)
    return result


def scaled() -> dict[str, Any]:
    return {name: s for name, s in services().items() if "scaled" in s.get("profiles", [])}


def unit_lines(name: str) -> dict[str, list[tuple[str, str]]]:
    """Section -> (key, value) in order; systemd allows repeated keys, configparser does not."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for raw in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            key, _, value = line.partition("=")
            current.append((key, value))
    return sections


def probe_url(service: dict[str, Any]) -> str:
    test = " ".join(service["healthcheck"]["test"])
    match = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*?)['\"?]", test + "'")
    assert match, test
    return f"{match[1]}{match[2]}"


def test_the_scaled_profile_has_two_clusters_two_workers_nats_postgres_and_prometheus() -> None:
    profile = scaled()
    assert set(profile) == {"prepare", "nats", "cluster-a", "cluster-b", "worker", "prometheus"}
    assert "db" in services() and "profiles" not in services()["db"]  # shared by both profiles
    for name, shard in CLUSTERS.items():
        env = profile[name]["environment"]
        assert env["YIQI_SHARD_COUNT"] == "2" and env["YIQI_SHARD_IDS"] == shard, name
        assert profile[name]["command"] == ["run"]
    assert profile["worker"]["command"] == ["translate-worker"]
    assert profile["worker"]["deploy"]["replicas"] == 2
    nats = profile["nats"]
    assert "-js" in nats["command"]
    assert re.fullmatch(r"nats:2\.\d+\.\d+(-alpine)?", nats["image"])


def test_every_yiqi_process_uses_postgres_nats_and_real_settings() -> None:
    for name in (*CLUSTERS, "worker"):
        service = scaled()[name]
        env = service["environment"]
        assert env["YIQI_NATS_URL"] == "nats://nats:4222", name
        assert env["YIQI_DATABASE_URL"].endswith("@db:5432/yiqi"), name
        # Prometheus in another container scrapes it: not loopback.
        assert env["YIQI_METRICS_HOST"] == "0.0.0.0" and int(env["YIQI_METRICS_PORT"]) > 0
        for setting in env:
            known = setting.removeprefix("YIQI_").lower() in Settings.model_fields
            assert known or setting in SHARD_SETTINGS, setting
        assert service["depends_on"]["nats"]["condition"] == "service_healthy", name
        # Models and migrations happen once, before any of them (no race on one volume).
        assert service["depends_on"]["prepare"]["condition"] == "service_completed_successfully"
        assert service["image"] == LOCAL_IMAGE and service["build"] == services()["bot"]["build"]
    assert scaled()["prepare"]["command"] == ["prepare"]
    assert scaled()["prepare"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_healthchecks_probe_the_processes_own_endpoints() -> None:
    profile = scaled()
    for name in CLUSTERS:
        port = profile[name]["environment"]["YIQI_METRICS_PORT"]
        assert probe_url(profile[name]) == f"{port}/readyz", name
    worker = profile["worker"]
    # The worker's prometheus_client server has only /metrics.
    assert probe_url(worker) == f"{worker['environment']['YIQI_METRICS_PORT']}/metrics"
    assert probe_url(profile["nats"]) == "8222/healthz"
    assert "8222" in profile["nats"]["command"]
    assert probe_url(profile["prometheus"]) == "9090/-/healthy"


def test_prometheus_scrapes_every_cluster_and_worker_and_nothing_else() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text(encoding="utf-8"))
    profile = scaled()
    mounted = [v for v in profile["prometheus"]["volumes"] if v.startswith("./prometheus.yml:")]
    assert mounted == ["./prometheus.yml:/etc/prometheus/prometheus.yml:ro"]
    scraped: set[str] = set()
    for job in config["scrape_configs"]:
        assert job.get("metrics_path", "/metrics") == "/metrics"
        targets = [t for static in job.get("static_configs", []) for t in static["targets"]]
        targets += [
            f"{n}:{sd['port']}" for sd in job.get("dns_sd_configs", []) for n in sd["names"]
        ]
        for target in targets:
            host, port = target.split(":")
            assert host in profile, target
            assert profile[host]["environment"]["YIQI_METRICS_PORT"] == port, target
            scraped.add(host)
        for sd in job.get("dns_sd_configs", []):
            assert sd["type"] == "A"  # one target per replica
    assert scraped == {*CLUSTERS, "worker"}
    # A replicated service is found by DNS, never one static target (one replica at random).
    statics = {
        t.split(":")[0]
        for job in config["scrape_configs"]
        for s in job.get("static_configs", [])
        for t in s["targets"]
    }
    assert "worker" not in statics


def test_every_pulled_image_has_an_exact_tag() -> None:
    for name, service in services().items():
        image = service["image"]
        if image == LOCAL_IMAGE:
            assert "build" in service, name
            continue
        repository, _, tag = image.rpartition(":")
        assert repository and tag != "latest", image
        assert re.fullmatch(r"v?\d+\.\d+\.\d+(-[a-z0-9.]+)?|\d+\.\d+", tag), image
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11\.\d+-slim-bookworm$", dockerfile, re.MULTILINE)


def test_the_image_lock_carries_nats_for_the_workers_hash_checked() -> None:
    lock = (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    pinned = re.search(r"^nats-py==(\S+) \\\n\s+--hash=sha256:[0-9a-f]{64}", lock, re.MULTILINE)
    assert pinned, "requirements/runtime.txt lacks nats-py"
    dev = (ROOT / "requirements" / "dev.txt").read_text(encoding="utf-8")
    assert f"nats-py=={pinned[1]} " in dev  # the version the tests ran
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--extra scale --constraint $(DEV_LOCK) -o $(RUNTIME_LOCK)" in makefile


HARDENING = (
    "NoNewPrivileges",
    "CapabilityBoundingSet",
    "AmbientCapabilities",
    "ProtectSystem",
    "ProtectHome",
    "PrivateTmp",
    "PrivateDevices",
    "ProtectKernelTunables",
    "ProtectKernelModules",
    "ProtectKernelLogs",
    "ProtectControlGroups",
    "ProtectClock",
    "ProtectHostname",
    "ProtectProc",
    "RestrictAddressFamilies",
    "RestrictNamespaces",
    "RestrictRealtime",
    "RestrictSUIDSGID",
    "LockPersonality",
    "SystemCallArchitectures",
    "SystemCallFilter",
    "UMask",
    "User",
    "StateDirectory",
)


@pytest.mark.parametrize("template", ["yiqi-cluster@.service", "yiqi-worker@.service"])
def test_template_units_are_hardened_like_the_single_unit(template: str) -> None:
    single = dict(unit_lines("yiqi.service")["Service"])
    service = unit_lines(template)["Service"]
    settings = dict(service)
    for option in HARDENING:
        assert settings.get(option) == single[option], option
    assert "MemoryDenyWriteExecute" not in settings  # CTranslate2 generates code at run time
    assert settings["KillSignal"] == "SIGTERM" and settings["Restart"] == "on-failure"
    files = [value for key, value in service if key == "EnvironmentFile"]
    assert files[0] == single["EnvironmentFile"]  # the shared settings, then the instance's
    assert "%i" in files[1] and files[1].startswith("-")  # optional
    assert unit_lines(template)["Install"] == [("WantedBy", "multi-user.target")]


def test_cluster_instance_is_its_shard_and_clusters_take_turns_migrating() -> None:
    service = unit_lines("yiqi-cluster@.service")["Service"]
    assert ("Environment", "YIQI_SHARD_IDS=%I") in service
    pre = dict(service)["ExecStartPre"]
    assert pre.startswith("/usr/bin/flock /var/lib/yiqi/") and pre.endswith("yiqi db upgrade")
    assert dict(service)["ExecStart"] == "/opt/yiqi/.venv/bin/yiqi run"


def test_worker_instance_runs_no_migration() -> None:
    service = dict(unit_lines("yiqi-worker@.service")["Service"])
    assert service["ExecStart"] == "/opt/yiqi/.venv/bin/yiqi translate-worker"
    assert "ExecStartPre" not in service


def test_deploy_readme_gives_the_exact_commands() -> None:
    text = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for command in (
        "--profile scaled up -d --build --scale bot=0",
        "sudo install -m 0644 deploy/yiqi-cluster@.service deploy/yiqi-worker@.service",
        "sudo systemctl enable --now yiqi-cluster@0 yiqi-cluster@1",
        "sudo systemctl enable --now yiqi-worker@1 yiqi-worker@2",
    ):
        assert command in text, command


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def when_to_scale() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## When to scale\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("doc", ["README.md", "deploy/README.md"])
def test_docs_link_only_inside_the_repository(doc: str) -> None:
    """deploy/README.md whole; of README.md the section written here (Credits link upstream)."""
    path = ROOT / doc
    text = when_to_scale() if doc == "README.md" else path.read_text(encoding="utf-8")
    assert MARKDOWN_LINK.search(text), doc
    for target in MARKDOWN_LINK.findall(text):
        assert not urlsplit(target).scheme, f"{doc} links outside: {target}"
        file = target.split("#", 1)[0]
        if file:
            assert (path.parent / file).resolve().is_relative_to(ROOT), target
            assert (path.parent / file).exists(), target


def test_when_to_scale_sizes_fifty_relays_per_second_from_the_benchmarks() -> None:
    text = when_to_scale()
    benchmarks = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    # The figures quoted are the ones measured.
    for figure in ("| in process | 26.2 |", "| 2 workers over NATS | 35.2 |", "| 22.2 |"):
        assert figure in benchmarks, figure
    for quoted in ("26.2 msg/s", "35.2 msg/s", "22.2 relays/s", "0.5 ms", "50 relays/s"):
        assert quoted in text, quoted
    for limit in ("2,500 guilds", "5 requests per 2 s", "30 messages per minute"):
        assert limit in text, limit
