from __future__ import annotations

import pytest

from portal.core.validators import business_id_is_valid, contains_identity_code


@pytest.mark.parametrize(
    "value",
    ["0116297-6", "2049381-8", "0914726-0", " 1357913-8 "],
)
def test_valid_business_ids_pass(value: str) -> None:
    assert business_id_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "0116297-5",  # wrong check digit
        "0116297",  # no check digit
        "116297-6",  # six digits
        "01162976",  # no dash
        "0116297-X",
        "3141592-0",  # remainder 1: no number of this series is valid
        "",
    ],
)
def test_invalid_business_ids_fail(value: str) -> None:
    assert not business_id_is_valid(value)


@pytest.mark.parametrize("text", ["131052-308T", "Henkilö 010203A123X", "241299+1234"])
def test_personal_identity_codes_are_recognised(text: str) -> None:
    assert contains_identity_code(text)


@pytest.mark.parametrize("text", ["VT-2026-014", "A.K.", "Puusepän perustutkinto", "2026-11-24"])
def test_ordinary_references_are_not_identity_codes(text: str) -> None:
    assert not contains_identity_code(text)
