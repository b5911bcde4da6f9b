"""Responsive renditions of an image: several widths, WebP with a JPEG fallback.

Made by the task worker once an upload commits (``make_renditions``), or in bulk by
``python manage.py make_renditions``; never during a reader's request, so public GETs only
read. A page whose image has no renditions yet shows the stored original instead. Like
uploads, renditions are written as pixels only, with no metadata.
"""

import io

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django_tasks import task
from PIL import Image as PILImage

from images.models import Image, Rendition
from images.uploads import open_image, save_without_metadata

#: Widths offered to the browser; an image is never enlarged beyond its own width.
WIDTHS = (480, 800, 1200)
FORMATS = {"webp": "WEBP", "jpeg": "JPEG"}


def target_widths(image):
    """The widths to offer for ``image``: each standard width it exceeds, plus its own if that is smaller."""
    widths = [w for w in WIDTHS if w < image.width]
    if image.width <= WIDTHS[-1]:
        widths.append(image.width)
    return widths


def _make(image, width, fmt, source):
    height = max(1, round(source.height * width / source.width))
    resized = source.resize((width, height), PILImage.Resampling.LANCZOS) if width != source.width else source
    if FORMATS[fmt] == "JPEG" and resized.mode not in ("RGB", "L"):
        resized = resized.convert("RGB")
    out = io.BytesIO()
    save_without_metadata(resized, out, FORMATS[fmt])
    ext = "jpg" if fmt == "jpeg" else fmt
    rendition = Rendition(image=image, width=width, height=height, format=fmt)
    rendition.file.save(f"rendition.{ext}", ContentFile(out.getvalue()), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made the same rendition a moment ago; use theirs.
        rendition.file.delete(save=False)
        rendition = Rendition.objects.get(image=image, width=width, format=fmt)
    return rendition


def renditions_for(image):
    """Every rendition of ``image``, making the missing ones; uses prefetched ``renditions`` when present."""
    existing = {(r.width, r.format): r for r in image.renditions.all()}
    wanted = [(w, fmt) for w in dict.fromkeys(target_widths(image)) for fmt in FORMATS]
    missing = [key for key in wanted if key not in existing]
    if missing:
        image.file.open("rb")
        try:
            source = open_image(image.file.read())
        finally:
            image.file.close()
        source = source.convert("RGBA" if "A" in source.getbands() else "RGB")
        for width, fmt in missing:
            existing[(width, fmt)] = _make(image, width, fmt, source)
    return [existing[key] for key in wanted]


def discard(image):
    """Drop ``image``'s renditions (rows and files), e.g. because its picture was replaced."""
    for rendition in image.renditions.all():
        rendition.file.delete(save=False)
        rendition.delete()


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


def picture_sources(image):
    """What a ``<picture>`` needs: a WebP and a JPEG srcset, the fallback src and its size.

    Uses only renditions already made (prefetched ``renditions`` when present); until the
    worker has made them, the stored original stands in, with no srcset.
    """
    made = {(r.width, r.format): r for r in image.renditions.all()}
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
