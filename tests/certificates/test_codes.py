import re

from hypothesis import given
from hypothesis import strategies as st

from certificates.codes import (
    ALPHABET,
    BODY_LENGTH,
    CODE_LENGTH,
    code_format,
    code_generate,
    code_has_valid_check,
    code_is_well_formed,
    code_normalise,
)

body = st.text(alphabet=ALPHABET, min_size=BODY_LENGTH, max_size=BODY_LENGTH)


def with_check(text: str) -> str:
    # The one check symbol that makes ``text`` valid (found by trying all 32).
    matches = [text + symbol for symbol in ALPHABET if code_has_valid_check(text + symbol)]
    assert len(matches) == 1
    return matches[0]


def test_alphabet_is_crockford_base32_without_ambiguous_letters():
    assert len(ALPHABET) == 32 == len(set(ALPHABET))
    assert not set("ILOU") & set(ALPHABET)


def test_generated_codes_are_well_formed_valid_and_carry_65_random_bits():
    codes = {code_generate() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == CODE_LENGTH and code_has_valid_check(code)
    assert BODY_LENGTH * 5 >= 64
    # Every symbol turns up in every body position: nothing is fixed or skewed away.
    for position in range(BODY_LENGTH):
        assert {code[position] for code in codes} == set(ALPHABET)


@given(body, st.integers(min_value=0, max_value=CODE_LENGTH - 1), st.sampled_from(ALPHABET))
def test_every_single_character_substitution_is_caught(text, position, replacement):
    code = with_check(text)
    typo = code[:position] + replacement + code[position + 1 :]
    assert code_has_valid_check(typo) is (typo == code)


@given(body)
def test_every_substitution_of_one_code_exhaustively(text):
    code = with_check(text)
    for position in range(CODE_LENGTH):
        for replacement in ALPHABET.replace(code[position], ""):
            assert not code_has_valid_check(code[:position] + replacement + code[position + 1 :])


@given(body, st.integers(min_value=0, max_value=CODE_LENGTH - 2))
def test_swapping_two_neighbours_is_caught(text, position):
    code = with_check(text)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert code_has_valid_check(swapped) is (swapped == code)


@given(body)
def test_format_and_normalise_round_trip(text):
    code = with_check(text)
    printed = code_format(code)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", printed)
    assert code_normalise(printed) == code
    assert code_normalise(printed.lower()) == code
    assert code_normalise(" ".join(printed.split("-"))) == code
    assert code_has_valid_check(f"  {printed.lower()}  ")


def test_confusable_letters_are_read_as_digits():
    code = with_check("01101AB1CD0EF")
    typed = code.replace("1", "l").replace("0", "O")
    assert code_normalise(typed) == code
    assert code_has_valid_check(typed)
    assert code_normalise("i-I") == "11"


def test_malformed_input_is_not_well_formed():
    for text in ["", "ABC", "A" * 15, "ABCD-EFGH-JKMN-P*", "ABCD-EFGH-JKMN-PÜ", "UUUUUUUUUUUUUU"]:
        assert not code_is_well_formed(text)
        assert not code_has_valid_check(text)
