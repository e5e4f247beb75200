"""Shared fixtures: a tiny deterministic embedder for unit tests, the real model for the few
integration tests (loaded once per session), and the tiers: a test using the loopback Discord or
the real model is marked `integration` here (the marker's definition is in pyproject.toml)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index.answer import AnswerTuning  # noqa: E402
from index.embed import HashingEmbedder  # noqa: E402
from index.engine import Engine  # noqa: E402
from index.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LAUNCH_ARTICLE = REPO / "articles" / "deepseek-crypto-ai.md"
# A copy of index/answer_weights.json taken when the unit tests' quotes were written: refitting
# the shipped file must not change them. Integration tests that judge the shipped quality keep
# the shipped weights.
PINNED_WEIGHTS = Path(__file__).with_name("answer_weights.json")

# The abstention model was fitted on the real model's features; with the hashing embedder
# (cosines are word-overlap counts) the unit tests' answerable questions score about 0.3 and up,
# off-topic ones about 0.001. A fixed bar keeps the unit tests independent of refits.
FAKE_THRESHOLD = 0.1


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = {"data_dir": tmp_path / "data", "articles_dir": tmp_path / "no-articles",
              "answer_threshold": FAKE_THRESHOLD, "_env_file": None}
    values.update(overrides)
    return Settings(**values)


# A test that uses one of these is an integration test by the marker's definition (pyproject.toml):
# the real discord.py client against the loopback Discord, or the real model.
INTEGRATION_FIXTURES = frozenset({"fake_discord", "real_embedder", "real_engine"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


def pin_tuning(engine: Engine) -> Engine:
    """Answer from the pinned weights; the settings' threshold (the unit tests' FAKE_THRESHOLD)
    still applies, as it does over the shipped weights."""
    threshold = engine.settings.answer_threshold
    engine.answer_tuning = AnswerTuning.from_file(PINNED_WEIGHTS, **({} if threshold is None else {"threshold": threshold}))
    return engine


def pinned_engine(settings: Settings, embedder=None, **kwargs) -> Engine:
    """An Engine as the unit tests use it: its answers read the pinned weights."""
    return pin_tuning(Engine(settings, embedder, **kwargs))


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def engine(tmp_path, embedder):
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        yield engine


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster for the session (tests/postgres.py): its base URL."""
    from . import postgres

    with postgres.cluster() as url:
        yield url


@pytest.fixture
def database_url(postgres_server):
    """A fresh, empty database on that cluster: a QUOTEBOT_DATABASE_URL."""
    from . import postgres

    return postgres.new_database(postgres_server)


@pytest.fixture(scope="session")
def real_embedder():
    from index.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture
def real_engine(tmp_path, real_embedder):
    settings = Settings(data_dir=tmp_path / "data", articles_dir=REPO / "articles", _env_file=None)
    with Engine(settings, real_embedder) as engine:
        engine.ensure_bundled()
        yield engine
