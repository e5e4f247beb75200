"""deploy/docker-compose.yml as Docker Compose itself reads it (`config` needs no Docker daemon):
the deployment the README's *Deployment* section describes (PostgreSQL, two bot shards, one
worker), with settings quotebot accepts. Skipped where neither the Docker CLI's compose plugin
nor the standalone docker-compose is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from index.settings import Settings

from .conftest import REPO

QUOTEBOT_SERVICES = ("bot-0", "bot-1", "worker")
FEED = "https://example.com/feed.xml"


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def env_file(overrides: dict[str, str]) -> str:
    """.env.example with `overrides` set, as a user's .env would be."""
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    out = [f"{line.split('=', 1)[0]}={overrides[line.split('=', 1)[0]]}"
           if "=" in line and line.split("=", 1)[0] in overrides else line for line in lines]
    assert all(any(line.startswith(f"{key}=") for line in lines) for key in overrides), ".env.example changed"
    return "\n".join(out) + "\n"


@pytest.fixture
def resolved(tmp_path: Path) -> dict:
    """The compose file as `config` resolves it, beside a .env made from .env.example with the
    queued adds and feed polls on and one feed followed."""
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` (the Docker CLI's compose plugin) nor `docker-compose` is installed, "
                    "so deploy/docker-compose.yml is not checked")
    (tmp_path / "deploy").mkdir()
    shutil.copy(REPO / "deploy" / "docker-compose.yml", tmp_path / "deploy")
    # The compose file reads ../.env, next to its folder, as it would at the repository's root.
    (tmp_path / ".env").write_text(env_file({"QUOTEBOT_QUEUE_ADDS": "true", "QUOTEBOT_QUEUE_FEEDS": "true",
                                             "QUOTEBOT_FEEDS": FEED}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "QUOTEBOT_"))}
    done = subprocess.run([*command, "-f", str(tmp_path / "deploy" / "docker-compose.yml"), "config"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)} config failed:\n{done.stderr}"
    return yaml.safe_load(done.stdout)["services"]


def environment(service: dict) -> dict[str, str]:
    return {k: "" if v is None else str(v) for k, v in (service.get("environment") or {}).items()}


def mounts(service: dict) -> dict[str, str]:
    """target -> source of a service's volumes, in either of compose's spellings."""
    found = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume["source"], volume["target"]
        found[target] = source
    return found


def test_the_services_are_postgresql_two_bot_shards_and_a_worker(resolved):
    assert set(resolved) == {"postgres", *QUOTEBOT_SERVICES}
    assert "image" in resolved["postgres"] and "healthcheck" in resolved["postgres"]
    for name in QUOTEBOT_SERVICES:
        assert resolved[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        assert resolved[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    shards = {(environment(resolved[b])["QUOTEBOT_SHARD_COUNT"], environment(resolved[b])["QUOTEBOT_SHARD_IDS"])
              for b in ("bot-0", "bot-1")}
    assert shards == {("2", "0"), ("2", "1")}
    assert all(resolved[b].get("command") is None for b in ("bot-0", "bot-1"))  # the image's `quotebot run`
    assert resolved["worker"]["command"] == ["worker"]


def test_every_process_uses_the_one_database_and_a_data_dir_of_its_own(resolved):
    postgres = environment(resolved["postgres"])
    urls = {environment(resolved[name])["QUOTEBOT_DATABASE_URL"] for name in QUOTEBOT_SERVICES}
    assert len(urls) == 1
    url = urlsplit(urls.pop())
    assert (url.hostname, url.username, url.password, url.path.lstrip("/")) == (
        "postgres", postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"])
    # .env.example says QUOTEBOT_DATA_DIR=data; in the image that is /app/data, outside the volume.
    sources = set()
    for name in QUOTEBOT_SERVICES:
        assert environment(resolved[name])["QUOTEBOT_DATA_DIR"] == "/data", name
        assert "/data" in mounts(resolved[name]), name
        sources.add(mounts(resolved[name])["/data"])
    assert len(sources) == len(QUOTEBOT_SERVICES)


def test_each_process_gets_settings_quotebot_accepts_and_the_worker_the_bots_feeds(resolved, monkeypatch):
    for key in list(os.environ):
        if key.startswith("QUOTEBOT_"):
            monkeypatch.delenv(key)
    read = {}
    for name in QUOTEBOT_SERVICES:
        with monkeypatch.context() as patch:
            for key, value in environment(resolved[name]).items():
                patch.setenv(key, value)
            read[name] = Settings(_env_file=None)
    assert [(read[b].shard_count, read[b].shard_ids) for b in ("bot-0", "bot-1")] == [(2, [0]), (2, [1])]
    assert read["worker"].shard_ids is None
    # With QUOTEBOT_QUEUE_FEEDS the worker polls the feeds the bots announce: the same list.
    assert all(s.queue_feeds and s.queue_adds and s.feeds == [FEED] for s in read.values())
    assert all(s.data_dir == Path("/data") for s in read.values())
