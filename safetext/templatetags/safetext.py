"""Template filters for text that goes into XML (the news sitemap): nothing XML cannot carry."""

from django import template

from safetext.validators import strip_control_characters

register = template.Library()


@register.filter
def xml_text(value):
    """``value`` without control characters, so a row written around validation cannot break the XML."""
    return strip_control_characters(str(value)) if value is not None else ""
