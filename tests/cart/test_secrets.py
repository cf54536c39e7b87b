"""SecretStore: round trip in the keyring, and a backend that keeps nothing is reported, not trusted."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.null import Keyring as NullKeyring

from agents.secrets import SecretStore, SecretStoreError


def test_round_trip_and_delete() -> None:
    store = SecretStore()
    store.set("kroger", "client_secret", "v4lue")
    assert store.get("kroger", "client_secret") == "v4lue"
    assert keyring.get_password("larder", "kroger:client_secret") == "v4lue"
    assert store.delete("kroger", "client_secret") and not store.delete("kroger", "client_secret")
    assert store.get("kroger", "client_secret") is None


def test_a_keyring_that_keeps_nothing_is_an_error() -> None:
    keyring.set_keyring(NullKeyring())
    with pytest.raises(SecretStoreError, match="did not keep") as info:
        SecretStore().set("instacart", "api_key", "keys.secret")
    assert "keys.secret" not in str(info.value)


def test_empty_secret_is_refused() -> None:
    with pytest.raises(SecretStoreError):
        SecretStore().set("instacart", "api_key", "")
