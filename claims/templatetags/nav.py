"""{% path "app:name" %}: the {% url %} of a URL without arguments, reversed once per
process (and script prefix). The page header reverses nine such URLs on every page."""

from django import template

from .desk import fast_url_name

register = template.Library()


@register.simple_tag
def path(name: str) -> str:
    return fast_url_name(name)
