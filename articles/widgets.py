"""Desk widgets for the article form: topics as chips.

The topics box is a plain text input of comma-separated names (no quotes, except around a
name that itself holds a comma), so it works without JavaScript; ``topic-chips.js`` turns
it into chips with suggestions from the desk's topic endpoint.
"""

from django import forms
from django.urls import reverse

#: Characters that make a topic name need quotes to survive the comma-separated form.
_NEEDS_QUOTES = (",", '"')


def format_topics(names):
    """``names`` as the desk shows them: ``civil society, human rights`` (quotes only where a comma needs them)."""
    shown = []
    for name in sorted(names, key=str.casefold):
        shown.append(f'"{name.replace(chr(34), "")}"' if any(c in name for c in _NEEDS_QUOTES) else name)
    return ", ".join(shown)


def parse_topics(text):
    """The names in ``text``: split on commas outside double quotes, trimmed, empty ones and repeats dropped."""
    names, current, quoted = [], [], False
    for char in text or "":
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    seen, result = set(), []
    for name in (" ".join(n.split()) for n in names):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


class TopicChipsWidget(forms.TextInput):
    """A comma-separated text input, enhanced into chips with autocomplete by ``topic-chips.js``."""

    template_name = "django/forms/widgets/text.html"

    class Media:
        css = {"all": ["admin-newsroom/library.css"]}
        js = ["admin-newsroom/topic-chips.js"]

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = format_topics(getattr(item, "name", str(item)) for item in value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-topic-chips": reverse("admin:taggit_tag_suggest"),
            "autocomplete": "off",
            "spellcheck": "true",
        })  # fmt: skip
        return context


class TopicsField(forms.CharField):
    """Topics as names: ``civil society, human rights`` in, a list of names out (a lone name is never split)."""

    widget = TopicChipsWidget

    def clean(self, value):
        return parse_topics(super().clean(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = sorted(getattr(item, "name", str(item)) for item in (initial or []))
        return before != sorted(self.clean(data) if isinstance(data, str) else (data or []))
