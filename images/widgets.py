"""The lead-image picker: the current picture as a thumbnail, and a searchable grid in a dialog.

A ``<select>`` holding only the current choice (and "no image") stays in the form, so the
value posted is an id the server checks against the desk's row rules like any other;
``image-picker.js`` adds the thumbnail grid, fed by the library's ``picker.json`` endpoint,
which applies the same rules. Without JavaScript the current image can be kept or removed.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from images.renditions import thumbnail


class ImagePickerWidget(forms.Select):
    class Media:
        css = {"all": ["admin-newsroom/library.css"]}
        js = ["admin-newsroom/image-picker.js"]

    def optgroups(self, name, value, attrs=None):
        """Only the chosen image (and the empty choice): the library can hold thousands."""
        chosen = {str(v) for v in value if v not in (None, "")}
        groups, index = [], 0
        if not self.is_required:
            groups.append((None, [self.create_option(name, "", "— no image —", not chosen, index)], index))
            index += 1
        if chosen:
            for image in self.choices.queryset.filter(pk__in=chosen):
                groups.append((None, [self.create_option(name, image.pk, str(image), True, index)], index))
                index += 1
        return groups

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        current = None
        if value not in (None, "") and str(value).isdigit():
            current = self.choices.queryset.filter(pk=value).prefetch_related("renditions").first()
        return format_html(
            '<div class="image-picker" data-image-picker="{}">{}{}</div>',
            reverse("admin:images_image_picker_json"),
            preview(current),
            select,
        )


def thumbnail_html(image):
    """The image's square thumbnail (80 px, 160 px for sharp screens), or a placeholder while it is made."""
    thumb = thumbnail(image)
    if thumb is None:
        return format_html(
            '<span class="image-thumb image-thumb--waiting" title="{}">{}</span>',
            gettext("Its copies are queued for the worker."),
            gettext("Being prepared"),
        )
    return format_html(
        '<img class="image-thumb" src="{}" srcset="{}" sizes="80px" width="80" height="80" alt="" loading="lazy">',
        thumb["src"],
        thumb["srcset"],
    )


def preview(image):
    """The chosen image as the picker shows it: its square thumbnail and alt text, or a placeholder."""
    if image is None:
        return format_html(
            '<div class="image-picker__current" aria-live="polite"><p>{}</p></div>', gettext("No image chosen.")
        )
    return format_html(
        '<div class="image-picker__current" aria-live="polite">{}<p>{}</p></div>', thumbnail_html(image), image.alt_text
    )
