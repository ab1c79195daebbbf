"""Clean-up and checks for free text typed by people (names, job titles, places).

Names in Kenya carry apostrophes (Ng'ang'a), accents and combining marks; all are
welcome. Invisible characters are not: control characters and Unicode format characters
(which include the right-to-left override used to disguise text) would make a
certificate read differently from what the holder saw on screen.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

INVISIBLE_CHARACTERS_MESSAGE = (
    "Remove the hidden or control characters (for example a right-to-left mark pasted "
    "from another document); type the text again by hand."
)
_WHITESPACE = re.compile(r"\s+")
# Letters and combining marks, plus the punctuation that real names use.
_NAME_PUNCTUATION = frozenset(" '’-.")


def normalise(value: str) -> str:
    """NFC-normalise, trim and collapse runs of whitespace to one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def reject_invisible_characters(value: str) -> None:
    for char in value:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Co", "Cs", "Cn"} and char not in "\t\n\r":
            raise ValidationError(INVISIBLE_CHARACTERS_MESSAGE, code="invisible_characters")


def validate_person_name(value: str) -> None:
    reject_invisible_characters(value)
    if not value.strip():
        raise ValidationError("Enter your name; it cannot be only spaces.", code="blank")
    for char in value:
        if char in _NAME_PUNCTUATION:
            continue
        if unicodedata.category(char)[0] in {"L", "M"}:
            continue
        raise ValidationError(
            "A name can contain only letters, spaces, apostrophes, hyphens and full "
            "stops (%(char)s is not allowed).",
            code="invalid_name_character",
            params={"char": repr(char)},
        )
    if not any(unicodedata.category(char)[0] == "L" for char in value):
        raise ValidationError("A name needs at least one letter.", code="no_letters")
