"""Settings, read once at start (environment variables with prefix ``YIQI_`` and ``.env``).

Every value is checked here, so a typo stops the command at once with one line naming the
variable, instead of failing later (or at the first zh-TW translation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from bot.errors import OperatorError
from bot.services.cooldowns import Rate
from db.shards import ShardScope
from db.urls import async_database_url, redacted, sqlite_file

# The official Argos package index; a production host is online (it talks to Discord).
DEFAULT_PACKAGE_INDEX_URL = (
    "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The OpenCC configs that turn Simplified into Traditional (the engine translates to Simplified).
TRADITIONAL_VARIANTS = ("s2twp", "s2tw", "s2hk", "s2t")
# Discord ids are snowflakes; the database stores them as signed 64-bit integers.
MAX_SNOWFLAKE = 2**63 - 1
Snowflake = Annotated[int, Field(ge=1, le=MAX_SNOWFLAKE)]
_SECRET_FIELDS = frozenset({"discord_token"})


class Settings(BaseSettings):
    """Every setting Yiqi reads. Documented one by one in ``.env.example``."""

    model_config = SettingsConfigDict(
        env_prefix="YIQI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    discord_token: SecretStr | None = None
    log_level: str = "INFO"

    package_index_url: str = DEFAULT_PACKAGE_INDEX_URL
    translation_beam_size: int = Field(default=2, ge=1, le=8)
    translation_max_batch: int = Field(default=32, ge=1, le=256)
    translation_threads: int = Field(default=0, ge=0, le=64)
    translation_cache: bool = True
    traditional_variant: str = "s2twp"
    relay_retry_seconds: int = Field(default=30, ge=1, le=24 * 3600)
    # Transient failures are retried with backoff this many times, then dead-lettered.
    relay_max_attempts: int = Field(default=12, ge=1, le=100)
    # Bots whose messages are relayed anyway (all other bots and webhooks never are).
    relay_allowed_bot_ids: frozenset[Snowflake] = frozenset()
    # At start, messages posted while the bot was down are relayed if at most this old; 0 = off.
    relay_backfill_hours: float = Field(default=24, ge=0, le=24 * 30, allow_inf_nan=False)
    # On shutdown, relays under way get this long to finish; the rest are sent after restart.
    shutdown_grace_seconds: float = Field(default=10.0, ge=0, le=3600, allow_inf_nan=False)
    # Pen pals: how often matching (and the proposal expiry sweep) runs; how long to answer.
    penpal_match_seconds: int = Field(default=900, ge=10, le=7 * 24 * 3600)
    penpal_proposal_hours: float = Field(default=48, gt=0, le=24 * 30, allow_inf_nan=False)
    # A digest missed while the bot was down is posted late only within this window.
    digest_grace_hours: int = Field(default=24, ge=0, le=24 * 6)
    # A digest claim not renewed for this long belongs to a crashed process: taken over.
    digest_claim_lease_minutes: int = Field(default=15, ge=1, le=24 * 60)

    # Per-member limits on the commands that cost CPU, as USES/SECONDS (per guild and member).
    translate_rate: str = "5/60"
    ask_rate: str = "3/60"
    digest_preview_rate: str = "2/60"
    pinyin_rate: str = "10/60"
    correct_rate: str = "5/60"
    improve_rate: str = "5/60"

    # Observability: /metrics, /healthz and /readyz on this port (0 = no server), bound to
    # loopback unless metrics_host says otherwise; logs as JSON, or rendered for a terminal.
    metrics_port: int = Field(default=0, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"
    log_format: Literal["auto", "json", "console"] = "auto"

    # Translation workers (issue 13): set, the bot sends sentences to `yiqi translate-worker`
    # processes over NATS instead of running the models itself.
    nats_url: str | None = None
    # A request unanswered this long fails; the relay keeps the message pending and retries.
    nats_timeout_seconds: float = Field(default=60.0, gt=0)
    # Requests a worker holds at once; past that it answers "busy" (the relay retries later).
    worker_max_in_flight: int = Field(default=256, ge=1)

    # Shard clusters (issue 13): this process runs shards SHARD_IDS of SHARD_COUNT and works
    # only on their guilds' rows; unset, it runs every shard. Needs PostgreSQL to share.
    shard_count: int | None = Field(default=None, ge=1, le=65536)
    # "0", "0,1" or "[0,1]" (systemd's %I and compose give a bare id).
    shard_ids: Annotated[frozenset[int] | None, NoDecode] = None

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_id_list(cls, value: object) -> object:
        if isinstance(value, int):
            return frozenset({value})
        if isinstance(value, str):
            text = value.strip().removeprefix("[").removesuffix("]")
            parts = [part.strip() for part in text.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError("a shard id or a list of them, e.g. 0 or 0,1")
            return frozenset(int(part) for part in parts)
        return value

    @model_validator(mode="after")
    def _shards_within_count(self) -> Settings:
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("YIQI_SHARD_IDS needs YIQI_SHARD_COUNT")
        if not self.shard_ids or not all(0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(f"YIQI_SHARD_IDS must be ids 0..{self.shard_count - 1}")
        if len(self.shard_ids) < self.shard_count and sqlite_file(self.effective_database_url):
            raise ValueError(
                "YIQI_SHARD_IDS leaves shards to other processes: they share the database "
                "through PostgreSQL only (set YIQI_DATABASE_URL)"
            )
        return self

    @property
    def shard_scope(self) -> ShardScope | None:
        """The shards this process runs; None when it runs them all (no filter)."""
        if self.shard_count is None:
            return None
        ids = self.shard_ids if self.shard_ids is not None else range(self.shard_count)
        return ShardScope(self.shard_count, frozenset(ids))

    @field_validator(
        "translate_rate",
        "ask_rate",
        "digest_preview_rate",
        "pinyin_rate",
        "correct_rate",
        "improve_rate",
    )
    @classmethod
    def _rate(cls, value: str) -> str:
        return str(Rate.parse(value))

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        value = value.expanduser().resolve()
        if value.exists() and not value.is_dir():
            raise ValueError("exists and is not a directory")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        return async_database_url(value) if value else None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("traditional_variant")
    @classmethod
    def _known_variant(cls, value: str) -> str:
        if value not in TRADITIONAL_VARIANTS:
            raise ValueError(
                f"use one of {', '.join(TRADITIONAL_VARIANTS)} (OpenCC: Taiwan with phrases, "
                "Taiwan, Hong Kong, plain Traditional)"
            )
        return value

    @field_validator("package_index_url")
    @classmethod
    def _fetchable(cls, value: str) -> str:
        if not value.startswith(("https://", "http://", "file://")):
            raise ValueError("use an https:// (or http://, file://) URL")
        return value

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def downloads_dir(self) -> Path:
        return self.data_dir / "downloads"

    @property
    def effective_database_url(self) -> str:
        """The configured database, else a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'yiqi.db'}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; callers pass the result down instead of re-reading.

    A value that is not allowed raises OperatorError naming the variable and what it accepts.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise OperatorError("; ".join(_describe(e) for e in error.errors())) from None
    except SettingsError as error:  # a value pydantic-settings could not even parse (JSON)
        raise OperatorError(f"{error}; see .env.example") from None


def _describe(error: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if not error["loc"]:  # a check across settings names them itself
        return message
    field = str(error["loc"][0])
    return f"YIQI_{field.upper()}={_shown(field, error.get('input'))}: {message}"


def _shown(field: str, value: object) -> str:
    if field in _SECRET_FIELDS:
        return "<hidden>"
    if field == "database_url" and isinstance(value, str):
        return redacted(value)
    return str(value)
