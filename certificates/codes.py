"""Certificate codes: unguessable, short enough to type from paper, with a check symbol.

A code is 13 random symbols (65 bits from ``secrets``) and one check symbol, written in
Crockford's base32 alphabet (digits and capitals without I, L, O and U), shown in groups
as ``7K3M-Q9XD-2HPA-4F``. On input, case, spaces and hyphens do not matter, and the
letters people confuse with digits are read as those digits (I and L as 1, O as 0).

The check symbol is a weighted sum over the finite field GF(32): symbol i (counting from
the left) is multiplied by alpha**(i + 1), where alpha is a generator of the field's
multiplicative group, and the products are added (XOR). Because every weight is
non-zero and multiplication by a non-zero field element is a bijection, changing any one
symbol always changes the sum: every single-symbol typo is caught. Swapping two
neighbours a, b changes the sum by alpha**i * (1 + alpha) * (a XOR b), which is non-zero
whenever a != b, so adjacent transpositions are caught too. A typo is therefore reported
before any database lookup.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 13  # 13 x 5 = 65 random bits
CODE_LENGTH = BODY_LENGTH + 1
GROUP_SIZE = 4

_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Readings of characters people type for something else.
_CONFUSABLES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Separators people put in codes: whitespace of any kind and hyphens or dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")

# GF(32) with the primitive polynomial x^5 + x^2 + 1.
_FIELD_POLYNOMIAL = 0b100101


def _times_alpha(value: int) -> int:
    value <<= 1
    if value & 0b100000:
        value ^= _FIELD_POLYNOMIAL
    return value


def _field_multiply(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        a = _times_alpha(a)
        b >>= 1
    return product


def _weights(count: int) -> list[int]:
    weights, weight = [], 1
    for _ in range(count):
        weight = _times_alpha(weight)
        weights.append(weight)
    return weights


_WEIGHTS = _weights(BODY_LENGTH)


def _check_symbol(body: str) -> str:
    total = 0
    for weight, symbol in zip(_WEIGHTS, body, strict=True):
        total ^= _field_multiply(weight, _VALUES[symbol])
    return ALPHABET[total]


def code_with_check(body: str) -> str:
    """A code from its random ``body`` (BODY_LENGTH alphabet symbols): the body and its
    check symbol, normalised as stored. Every code the platform writes is made here."""
    return body + _check_symbol(body)


def code_normalise(text: str) -> str:
    """Upper case, without separators, with I/L read as 1 and O as 0. Does not validate."""
    return _SEPARATORS.sub("", (text or "").strip().upper()).translate(_CONFUSABLES)


def code_is_well_formed(text: str) -> bool:
    """The right length and only alphabet symbols (after normalising)."""
    code = code_normalise(text)
    return len(code) == CODE_LENGTH and all(symbol in _VALUES for symbol in code)


def code_has_valid_check(text: str) -> bool:
    """Well formed and the check symbol matches: False means a typing error."""
    if not code_is_well_formed(text):
        return False
    code = code_normalise(text)
    return code_with_check(code[:BODY_LENGTH]) == code


def code_format(code: str) -> str:
    """Groups of four for printing and reading aloud: 7K3M-Q9XD-2HPA-4F."""
    code = code_normalise(code)
    return "-".join(code[start : start + GROUP_SIZE] for start in range(0, len(code), GROUP_SIZE))


def code_generate() -> str:
    """A new random code, normalised (as stored in Certificate.code)."""
    return code_with_check("".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH)))
