"""Pictures inside the body: who may put which library image in a story, and how readers get it.

The body stores a figure as ``<figure><img src="<rendition>" data-file="<image id>" alt width
height><figcaption>…</figcaption></figure>`` (``articles.sanitize`` keeps nothing else). On
save, ``check_figures`` refuses an image the author may not use (the images of their library,
as for the lead image, plus those the story already showed) and rewrites every picture's
address, size and id from the library, so a forged ``src`` cannot point at another image.
Readers get each figure as a responsive ``<picture>`` made from the image's current renditions,
with the library's credit; an image deleted since shows nothing.
"""

import html
import re

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext

from articles.sanitize import FIGURE, IMG_TAG
from images.models import Image, Rendition
from images.renditions import figure_rendition, picture_sources

_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
_FIGCAPTION_END = "</figcaption>"


def _attributes(tag):
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}


def _rendition_name(src):
    """The storage name of a rendition from its address (``renditions/2026/11/….jpg``)."""
    position = src.find("renditions/")
    return src[position:] if position >= 0 else None


def image_ids(body):
    """The library image ids the figures of a stored (sanitised) body show, in order."""
    ids = []
    for tag in IMG_TAG.findall(body or ""):
        value = _attributes(tag).get("data-file", "")
        if value.isdigit():
            ids.append(int(value))
    return ids


def check_figures(body, *, allowed, kept=()):
    """``body`` (already sanitised) with every figure's picture checked and rewritten from the library.

    ``allowed`` is the queryset of images the author may use; ``kept`` ids the story already
    showed (a co-author's or an editor's picture stays valid). Raises ``ValidationError`` naming
    the picture when one is outside both or has no renditions yet.
    """
    tags = IMG_TAG.findall(body or "")
    if not tags:
        return body
    wanted = {}
    for tag in tags:
        attrs = _attributes(tag)
        image_id = attrs.get("data-file", "")
        if not image_id.isdigit():
            # A picture pasted without its id: find it by the rendition it points at.
            name = _rendition_name(attrs.get("src", ""))
            image_id = Rendition.objects.filter(file=name).values_list("image_id", flat=True).first() if name else None
        wanted[tag] = (int(image_id) if image_id else None, attrs.get("alt", ""))
    ids = {image_id for image_id, _ in wanted.values() if image_id}
    usable = {image.pk: image for image in allowed.filter(pk__in=ids).prefetch_related("renditions")}
    for image in Image.objects.filter(pk__in=set(kept) & ids - set(usable)).prefetch_related("renditions"):
        usable[image.pk] = image
    rewritten = {}
    for tag, (image_id, alt) in wanted.items():
        image = usable.get(image_id)
        if image is None:
            raise ValidationError(
                gettext(
                    "The picture “%(alt)s” is not one you may use in this story: "
                    "only pictures in your library can go in the body. Insert it again from the library, "
                    "or ask the desk."
                ),
                code="figure_not_allowed",
                params={"alt": alt or gettext("without a description")},
            )
        shown = figure_rendition(image)
        if shown is None:
            raise ValidationError(
                gettext("The picture “%(alt)s” is still being prepared; insert it again in a minute."),
                code="figure_not_ready",
                params={"alt": image.alt_text},
            )
        rewritten[tag] = format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" data-file="{}">',
            shown.file.url,
            alt or image.alt_text,
            shown.width,
            shown.height,
            image.pk,
        )
    return IMG_TAG.sub(lambda m: rewritten[m.group(0)], body)


def render_figures(body):
    """The stored body with each figure's picture made responsive from its renditions, credit added.

    Two queries when the body has figures (the images and their renditions), none otherwise.
    """
    ids = image_ids(body)
    if not ids:
        return body
    images = {image.pk: image for image in Image.objects.filter(pk__in=ids).prefetch_related("renditions")}

    def figure(match):
        inner = match.group(1)
        found = IMG_TAG.search(inner)
        attrs = _attributes(found.group(0)) if found else {}
        image = images.get(int(attrs["data-file"])) if attrs.get("data-file", "").isdigit() else None
        if image is None:
            return ""  # deleted from the library since: nothing to show
        picture = _picture(image, attrs.get("alt") or image.alt_text)
        inner = inner.replace(found.group(0), picture, 1)
        if image.credit:
            credit = format_html('<span class="credit">{}</span>', image.credit)
            if _FIGCAPTION_END in inner:
                inner = inner.replace(_FIGCAPTION_END, f" {credit}{_FIGCAPTION_END}", 1)
            else:
                inner += f"<figcaption>{credit}</figcaption>"
        return f'<figure class="body-figure">{inner}</figure>'

    return FIGURE.sub(figure, body)


def _picture(image, alt):
    sources = picture_sources(image)
    sizes = "(min-width: 50rem) 46rem, 100vw"
    webp = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', sources["webp_srcset"], sizes)
        if sources["webp_srcset"]
        else ""
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" '
        'decoding="async"></picture>',
        webp,
        sources["src"],
        sources["jpeg_srcset"],
        sizes,
        sources["width"],
        sources["height"],
        alt,
    )
