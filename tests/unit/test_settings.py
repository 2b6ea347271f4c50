from pathlib import Path

import pytest

from bot.errors import OperatorError
from bot.settings import Settings, load_settings


def test_defaults_put_everything_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("YIQI_DATA_DIR", "YIQI_DATABASE_URL", "YIQI_DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.models_dir == tmp_path / "data" / "models"
    assert settings.effective_database_url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'yiqi.db'}"
    assert settings.discord_token is None
    assert settings.translation_beam_size == 2


def test_environment_and_dotenv_with_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("YIQI_DISCORD_TOKEN", raising=False)
    (tmp_path / ".env").write_text(
        "YIQI_DISCORD_TOKEN=secret-token\nYIQI_TRANSLATION_BEAM_SIZE=4\n", encoding="utf-8"
    )
    monkeypatch.setenv("YIQI_DATABASE_URL", "postgresql+asyncpg://u:p@127.0.0.1/yiqi")
    settings = load_settings()
    assert settings.translation_beam_size == 4
    assert settings.effective_database_url == "postgresql+asyncpg://u:p@127.0.0.1/yiqi"
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "secret-token"
    assert "secret-token" not in repr(settings)  # the token never shows in logs


def test_every_setting_is_documented_in_env_example() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"YIQI_{name.upper()}=" in example, name


def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIQI_TRANSLATION_BEAM_SIZE", "0")
    with pytest.raises(OperatorError, match="YIQI_TRANSLATION_BEAM_SIZE=0"):
        load_settings()
