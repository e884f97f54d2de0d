import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from achterkant.identity.validators import (
    clean_bsn,
    clean_kvk_number,
    clean_postcode,
    is_valid_bsn,
    passes_eleven_test,
    validate_rsin,
)

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def eleven_test_sum(number: str) -> int:
    return sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=True))


@pytest.mark.parametrize("bsn", ["999993653", "111222333", "123456782"])
def test_known_valid_bsns_pass(bsn):
    assert clean_bsn(bsn) == bsn


@pytest.mark.parametrize("bsn", ["999993654", "123456789", "000000001"])
def test_wrong_checksum_is_rejected_in_dutch(bsn):
    with pytest.raises(ValidationError) as error:
        clean_bsn(bsn)
    assert error.value.messages == ["Dit BSN bestaat niet: controleer de cijfers."]


def test_all_zeros_is_rejected_although_its_sum_is_zero():
    assert eleven_test_sum("000000000") % 11 == 0
    assert not passes_eleven_test("000000000")


def test_eight_digits_get_a_leading_zero():
    # 12345672 → 012345672: 0+16+21+24+25+24+21+14-2 = 143 = 13 × 11.
    assert clean_bsn("12345672") == "012345672"


@pytest.mark.parametrize("value", ["", "12345", "1234567890", "99999365a", "９９９９９３６５３"])
def test_wrong_length_or_characters_name_the_field(value):
    with pytest.raises(ValidationError) as error:
        clean_bsn(value)
    assert "BSN" in error.value.messages[0]


def test_rsin_uses_the_same_rule_and_names_itself():
    validate_rsin("001000007")
    with pytest.raises(ValidationError, match="RSIN"):
        validate_rsin("001000008")


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567a", "12345678901234"])
def test_kvk_number_needs_exactly_eight_digits(value):
    with pytest.raises(ValidationError, match="KvK-nummer moet uit 8 cijfers"):
        clean_kvk_number(value)


def test_kvk_number_accepts_eight_digits_with_spaces():
    assert clean_kvk_number("6963 6938") == "69636938"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_eleven_test_agrees_with_the_definition(number):
    expected = number != "000000000" and eleven_test_sum(number) % 11 == 0
    assert passes_eleven_test(number) is expected


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_eight_digits_are_judged_as_nine_with_a_leading_zero(number):
    assert is_valid_bsn(number) is passes_eleven_test("0" + number)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_eight_digit_prefix_has_at_most_one_valid_check_digit(prefix):
    valid = [d for d in "0123456789" if passes_eleven_test(prefix + d)]
    assert len(valid) <= 1


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_changing_one_digit_breaks_a_valid_number(number):
    if not passes_eleven_test(number):
        return
    for position in range(9):
        for digit in "0123456789":
            if digit != number[position]:
                assert not passes_eleven_test(number[:position] + digit + number[position + 1 :])


@pytest.mark.parametrize(
    ("value", "expected"), [("1011 ab", "1011AB"), ("1011AB", "1011AB"), (" 9999zz ", "9999ZZ")]
)
def test_a_postcode_is_written_as_the_registers_do(value, expected):
    assert clean_postcode(value) == expected


@pytest.mark.parametrize("value", ["0123 AB", "1011 SA", "1011 SS", "1011", "1011 A1", "10111 AB"])
def test_an_impossible_postcode_is_refused_in_dutch(value):
    with pytest.raises(ValidationError, match="Vul een postcode in zoals 1234 AB."):
        clean_postcode(value)
