import unicodedata

from django import template

from certificates.codes import code_format
from certificates.selectors import certificate_link

register = template.Library()


@register.filter
def certificate_code(code: str) -> str:
    """A stored code in print form: 7K3M-Q9XD-2HPA-4F."""
    return code_format(code)


@register.simple_tag(takes_context=True)
def certificate_url(context, certificate) -> str:
    """``{% certificate_url certificate as url %}``: where the current user is sent to
    see ``certificate`` (inspect page or public verification page)."""
    return certificate_link(
        viewer=context["request"].user, certificate_id=certificate.pk, code=certificate.code
    )


# Joiners shape some scripts and emoji sequences; every other format character
# (bidirectional overrides, embeddings, isolates, invisible marks) is dropped.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


@register.filter
def printable(text) -> str:
    """Text as typed, without invisible control and format characters: a right-to-left
    override in a name cannot make a certificate read differently from what was typed.
    (The profile form refuses them; this guards certificates issued before that.)"""
    return "".join(
        char
        for char in str(text or "")
        if char in _KEPT_FORMAT_CHARACTERS or unicodedata.category(char) not in {"Cc", "Cf"}
    )
