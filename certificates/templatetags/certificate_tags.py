from django import template

from certificates.codes import code_format

register = template.Library()


@register.filter
def certificate_code(code: str) -> str:
    """A stored code in print form: 7K3M-Q9XD-2HPA-4F."""
    return code_format(code)
