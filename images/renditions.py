"""Responsive renditions of an image: several widths, WebP with a JPEG fallback, and square thumbnails.

The whole-picture renditions keep the picture as it was taken; the square ones (the desk's
thumbnails) are cut around the image's focal point, so the subject stays in the crop, and are
made again when the focal point moves (``discard(image, crops_only=True)``).

Made by the task worker once an upload commits (``make_renditions``), or in bulk by
``python manage.py make_renditions``; never during a reader's request, so public GETs only
read. A page whose image has no renditions yet shows the stored original instead. Like
uploads, renditions are written as pixels only, with no metadata.
"""

import io
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django_tasks import task
from PIL import Image as PILImage

from images.models import Crop, Image, Rendition
from images.uploads import open_image, save_without_metadata

logger = logging.getLogger(__name__)

#: Widths offered to the browser; an image is never enlarged beyond its own width.
WIDTHS = (480, 800, 1200)
FORMATS = {"webp": "WEBP", "jpeg": "JPEG"}
#: Sides of the square thumbnails (1x and 2x of the desk's 80 px tiles), WebP only: only the desk shows them.
SQUARE_SIDES = (80, 160)


def square_sides(image):
    """The square sizes to make for ``image``: each standard side it exceeds, plus its short side if smaller."""
    short = min(image.width, image.height)
    sides = [s for s in SQUARE_SIDES if s < short]
    if short <= SQUARE_SIDES[-1]:
        sides.append(short)
    return [s for s in sides if s > 0]


def crop_box(width, height, focal_x, focal_y):
    """The largest square inside ``width`` × ``height`` centred as near the focal point as the edges allow."""
    side = min(width, height)
    left = min(max(round(focal_x * width - side / 2), 0), width - side)
    top = min(max(round(focal_y * height - side / 2), 0), height - side)
    return (left, top, left + side, top + side)


def target_widths(image):
    """The widths to offer for ``image``: each standard width it exceeds, plus its own if that is smaller."""
    widths = [w for w in WIDTHS if w < image.width]
    if image.width <= WIDTHS[-1]:
        widths.append(image.width)
    return widths


def _make(image, width, fmt, source, crop=Crop.WHOLE):
    if crop == Crop.SQUARE:
        source = source.crop(crop_box(source.width, source.height, image.focal_x, image.focal_y))
    height = max(1, round(source.height * width / source.width))
    resized = source.resize((width, height), PILImage.Resampling.LANCZOS) if width != source.width else source
    if FORMATS[fmt] == "JPEG" and resized.mode not in ("RGB", "L"):
        resized = resized.convert("RGB")
    out = io.BytesIO()
    save_without_metadata(resized, out, FORMATS[fmt])
    ext = "jpg" if fmt == "jpeg" else fmt
    rendition = Rendition(image=image, width=width, height=height, format=fmt, crop=crop)
    rendition.file.save(f"rendition.{ext}", ContentFile(out.getvalue()), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made the same rendition a moment ago; use theirs.
        rendition.file.delete(save=False)
        rendition = Rendition.objects.get(image=image, width=width, format=fmt, crop=crop)
    return rendition


def wanted_renditions(image):
    """``(width, format, crop)`` of every rendition ``image`` should have."""
    whole = [(w, fmt, Crop.WHOLE) for w in dict.fromkeys(target_widths(image)) for fmt in FORMATS]
    return whole + [(side, "webp", Crop.SQUARE) for side in dict.fromkeys(square_sides(image))]


def renditions_for(image):
    """Every rendition of ``image``, making the missing ones; uses prefetched ``renditions`` when present."""
    existing = {(r.width, r.format, r.crop): r for r in image.renditions.all()}
    wanted = wanted_renditions(image)
    missing = [key for key in wanted if key not in existing]
    if missing:
        image.file.open("rb")
        try:
            source = open_image(image.file.read())
        finally:
            image.file.close()
        source = source.convert("RGBA" if "A" in source.getbands() else "RGB")
        for width, fmt, crop in missing:
            existing[(width, fmt, crop)] = _make(image, width, fmt, source, crop)
    return [existing[key] for key in wanted]


def discard(image, *, crops_only=False):
    """Drop ``image``'s renditions (rows and files): all when its picture was replaced, only the
    cropped ones when its focal point moved (the whole-picture ones, which pages link to, stay)."""
    renditions = image.renditions.all()
    if crops_only:
        renditions = renditions.exclude(crop=Crop.WHOLE)
    for rendition in renditions:
        rendition.file.delete(save=False)
        rendition.delete()


def thumbnail(image):
    """The square thumbnail of ``image`` (``src``, ``srcset``, ``side``) from prefetched renditions, or ``None``.

    ``None`` while the worker has not made it: the desk then shows a placeholder, never the original.
    """
    squares = sorted((r for r in image.renditions.all() if r.crop == Crop.SQUARE), key=lambda r: r.width)
    if not squares:
        return None
    first = squares[0]
    return {
        "src": first.file.url,
        "srcset": ", ".join(f"{r.file.url} {r.width}w" for r in squares),
        "side": first.width,
    }


def figure_rendition(image):
    """The whole-picture JPEG an inline figure's ``src`` points at (800 px wide or the nearest), or ``None``."""
    jpeg = sorted((r for r in image.renditions.all() if r.crop == Crop.WHOLE and r.format == "jpeg"),
                  key=lambda r: abs(r.width - 800))  # fmt: skip
    return jpeg[0] if jpeg else None


@task()
def make_renditions(image_id):
    """The worker's job after an upload: every rendition the image should have (none if it was deleted)."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(renditions_for(image))


def queue_renditions(image):
    """Have the worker make ``image``'s renditions once the current transaction commits."""
    # robust: a queue that cannot be reached must not undo an upload that has already committed;
    # `make_renditions` (the command) makes whatever is missing later.
    transaction.on_commit(lambda: make_renditions.enqueue(image.pk), robust=True)


#: How long a queued image is not queued again by the desk's pages (the worker may be behind).
REQUEUE_SECONDS = 600


def queue_missing(images):
    """Queue the images (with prefetched ``renditions``) that lack a rendition they should have.

    Called by desk pages that show thumbnails: the page shows a placeholder and the worker makes
    the copies; the request itself never encodes a picture. Each image is queued at most once
    every ``REQUEUE_SECONDS``, however often the page is opened.
    """
    for image in images:
        made = {(r.width, r.format, r.crop) for r in image.renditions.all()}
        if all(key in made for key in wanted_renditions(image)):
            continue
        if not cache.add(f"renditions-queued:{image.pk}", 1, REQUEUE_SECONDS):
            continue
        try:
            make_renditions.enqueue(image.pk)
        except Exception:  # a queue that cannot be reached: the placeholder stays, the command catches up
            logger.warning("Could not queue renditions for image %s", image.pk, exc_info=True)


def picture_sources(image):
    """What a ``<picture>`` needs: a WebP and a JPEG srcset, the fallback src and its size.

    Uses only renditions already made (prefetched ``renditions`` when present); until the
    worker has made them, the stored original stands in, with no srcset.
    """
    made = {(r.width, r.format): r for r in image.renditions.all() if r.crop == Crop.WHOLE}
    wanted = [(w, fmt) for w in dict.fromkeys(target_widths(image)) for fmt in FORMATS]
    webp = [made[key] for key in wanted if key[1] == "webp" and key in made]
    jpeg = [made[key] for key in wanted if key[1] == "jpeg" and key in made]
    if not jpeg:
        return {"webp_srcset": "", "jpeg_srcset": "", "src": image.file.url, "width": image.width,
                "height": image.height, "largest": image}  # fmt: skip
    fallback = jpeg[min(1, len(jpeg) - 1)]
    return {
        "webp_srcset": ", ".join(f"{r.file.url} {r.width}w" for r in webp),
        "jpeg_srcset": ", ".join(f"{r.file.url} {r.width}w" for r in jpeg),
        "src": fallback.file.url,
        "width": fallback.width,
        "height": fallback.height,
        "largest": jpeg[-1],
    }
