"""Settings, read once at start (environment variables with prefix ``YIQI_`` and ``.env``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.services.cooldowns import Rate

# The official Argos package index; a production host is online (it talks to Discord).
DEFAULT_PACKAGE_INDEX_URL = (
    "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
)


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
    relay_retry_seconds: int = Field(default=30, ge=1)
    # Transient failures are retried with backoff this many times, then dead-lettered.
    relay_max_attempts: int = Field(default=12, ge=1, le=100)
    # Bots whose messages are relayed anyway (all other bots and webhooks never are).
    relay_allowed_bot_ids: frozenset[int] = frozenset()
    # At start, messages posted while the bot was down are relayed if at most this old; 0 = off.
    relay_backfill_hours: float = Field(default=24, ge=0)
    # On shutdown, relays under way get this long to finish; the rest are sent after restart.
    shutdown_grace_seconds: float = Field(default=10.0, ge=0)
    # Pen pals: how often matching (and the proposal expiry sweep) runs; how long to answer.
    penpal_match_seconds: int = Field(default=900, ge=10)
    penpal_proposal_hours: float = Field(default=48, gt=0)
    # A digest missed while the bot was down is posted late only within this window.
    digest_grace_hours: int = Field(default=24, ge=0, le=24 * 6)
    # A digest claim not renewed for this long belongs to a crashed process: taken over.
    digest_claim_lease_minutes: int = Field(default=15, ge=1)

    # Per-member limits on the commands that cost CPU, as USES/SECONDS (per guild and member).
    translate_rate: str = "5/60"
    ask_rate: str = "3/60"
    digest_preview_rate: str = "2/60"

    @field_validator("translate_rate", "ask_rate", "digest_preview_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        return str(Rate.parse(value))

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

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
    """Read the settings once; callers pass the result down instead of re-reading."""
    return Settings(**overrides)  # type: ignore[arg-type]
