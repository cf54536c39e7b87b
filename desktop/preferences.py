"""The window's preferences: non-secret values in the `settings` table, credentials in the keyring only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.secrets import SecretStore
from data.db import Database
from data.settings import get_setting, set_settings

# The same keys the scan command reads (agents.inventory.settings), so the CLI and the window agree.
MODEL_PATH_KEY = "vision.model"
CONF_KEY = "vision.conf_threshold"
DEFAULT_CONF = 0.25
MODEL_SUFFIXES = (".pt", ".onnx")


class PreferenceError(ValueError):
    """A value the user typed cannot be saved; the message says why."""


@dataclass(frozen=True)
class Credential:
    provider: str
    name: str
    label: str


# The secrets each provider needs (docs: anchors-and-apis.md); values go to the keyring and nowhere else.
CREDENTIALS: tuple[Credential, ...] = (
    Credential("kroger", "client_id", "Kroger client ID"),
    Credential("kroger", "client_secret", "Kroger client secret"),
    Credential("instacart", "api_key", "Instacart API key"),
)


@dataclass(frozen=True)
class DetectorPreferences:
    model_path: str
    conf_threshold: float


def load_detector_preferences(db: Database) -> DetectorPreferences:
    path = get_setting(db, MODEL_PATH_KEY, "") or ""
    conf = get_setting(db, CONF_KEY, DEFAULT_CONF)
    try:
        conf_value = float(conf)
    except (TypeError, ValueError):
        conf_value = DEFAULT_CONF
    return DetectorPreferences(str(path), conf_value)


def validate_detector_preferences(model_path: str, conf_threshold: float) -> DetectorPreferences:
    path = model_path.strip()
    if path:
        candidate = Path(path).expanduser()
        if candidate.suffix.lower() not in MODEL_SUFFIXES:
            raise PreferenceError(f"{path}: a detector model must be a .pt or .onnx file")
        if not candidate.is_file():
            raise PreferenceError(f"{path}: no such model file")
        path = str(candidate.resolve())
    if not 0.01 <= conf_threshold <= 0.99:
        raise PreferenceError(f"confidence threshold {conf_threshold:g} must be between 0.01 and 0.99")
    return DetectorPreferences(path, round(conf_threshold, 2))


def save_detector_preferences(db: Database, prefs: DetectorPreferences) -> None:
    """Both values in one transaction: a half-saved pair would be worse than none."""
    set_settings(db, {MODEL_PATH_KEY: prefs.model_path or None, CONF_KEY: prefs.conf_threshold})


def credential_is_set(secrets: SecretStore, credential: Credential) -> bool:
    return secrets.has(credential.provider, credential.name)


def store_credential(secrets: SecretStore, credential: Credential, value: str) -> None:
    value = value.strip()
    if not value:
        raise PreferenceError(f"{credential.label} is empty; nothing was saved")
    secrets.set(credential.provider, credential.name, value)
