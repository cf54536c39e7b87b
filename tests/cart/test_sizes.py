"""Package sizes as stores write them, and sizes that are not sizes."""

from __future__ import annotations

import pytest

from agents.providers.sizes import parse_size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32 oz", (907.2, "g")),
        ("1/2 gal", (1892.7, "ml")),
        ("12 ct", (12.0, "piece")),
        ("1 dozen", (12.0, "piece")),
        ("6 x 330 ml", (1980.0, "ml")),
        ("1,5 l", (1500.0, "ml")),
        ("16 fl. oz", (473.2, "ml")),
        ("500 g", (500.0, "g")),
    ],
)
def test_store_sizes(text: str, expected: tuple[float, str]) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "family size", "0 g", "1/0 lb", "0 x 330 ml", "3 furlongs"])
def test_what_is_not_a_size_is_none(text: str) -> None:
    assert parse_size(text) is None
