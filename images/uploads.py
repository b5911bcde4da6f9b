"""Image uploads: validated, re-encoded without metadata, stored under random names.

A photo from the field can carry GPS coordinates, a camera serial number or the
photographer's name in its EXIF block. Nothing uploaded is stored as sent: the
pixels are decoded by Pillow (with a pixel cap against decompression bombs) and
written out again with no metadata at all.
"""

import io
import secrets
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

#: Formats we accept, and the extension each is stored under.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def random_upload_path(instance, filename):
    """``images/2026/11/3f9c…e1.jpg``: the original file name (often a person's name) is dropped."""
    ext = PurePath(filename).suffix.lower().lstrip(".") or "bin"
    now = timezone.now()
    return f"{instance._meta.model_name}s/{now:%Y/%m}/{secrets.token_hex(16)}.{ext}"


def clean_upload(uploaded):
    """Check an uploaded file is an image we accept and return it re-encoded, without metadata.

    Raises ``ValidationError`` with a message a person can act on; nothing is saved.
    """
    max_bytes = settings.NEWSROOM_MAX_IMAGE_BYTES
    # Check the declared size first so a huge upload is refused before it is read into memory.
    size = uploaded.size
    if size is None or size <= max_bytes:
        uploaded.seek(0)
        data = uploaded.read(max_bytes + 1)
        size = len(data)
    if size > max_bytes:
        raise ValidationError(
            gettext(
                "This file is %(size)s; images may be at most %(limit)s. Resize or compress it and upload it again."
            ),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    image = open_image(data)
    fmt = image.format
    if fmt not in FORMATS:
        raise ValidationError(
            gettext("%(format)s images are not accepted; upload a JPEG, PNG, WebP or GIF."),
            code="format",
            params={"format": fmt},
        )
    icc_profile = image.info.get("icc_profile")
    # Apply the camera's rotation to the pixels before the EXIF that carries it is dropped.
    image = to_display_mode(ImageOps.exif_transpose(image), icc_profile=icc_profile)
    out = io.BytesIO()
    save_without_metadata(image, out, fmt)
    return ContentFile(out.getvalue(), name=f"upload.{FORMATS[fmt]}"), image.size


def open_image(data):
    """Decode ``data`` fully, refusing non-images, broken files and decompression bombs."""
    PILImage.MAX_IMAGE_PIXELS = settings.NEWSROOM_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between the cap and twice the cap; treat that as a bomb too.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(io.BytesIO(data))
            probe.verify()
            image = PILImage.open(io.BytesIO(data))
            image.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            gettext(
                "This image has too many pixels to process safely; resize it below %(megapixels)s megapixels "
                "and upload it again."
            ),
            code="bomb",
            params={"megapixels": settings.NEWSROOM_MAX_IMAGE_PIXELS // 1_000_000},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            gettext("This file is not an image we can read; upload a JPEG, PNG, WebP or GIF."), code="invalid"
        ) from None
    return image


#: Modes stored as they are: at most 8 bits a channel, shown by every browser as meant.
DISPLAY_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA"})

#: Integer greys wider than 8 bits: 16-bit PNGs (and 32-bit "I", taken to hold the same 16-bit range).
WIDE_GREY_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})

_SRGB = ImageCms.createProfile("sRGB")


def to_display_mode(image, *, icc_profile=None):
    """``image`` in an 8-bit mode, with the tones it was made with, or a ``ValidationError`` saying why not.

    Pillow's own conversion of a 16-bit grey clips every value above 255, so a mid-grey scan
    turned solid white: those are scaled down instead. Palette transparency becomes an alpha
    channel (the palette's transparency lives in metadata, which is not kept). The embedded
    colour profile is applied (CMYK from a print workflow, Adobe RGB from a camera), because the
    profile itself is not stored and the same numbers mean other colours without it. Floating
    point has no agreed brightness scale, so it is refused.
    """
    if image.mode in WIDE_GREY_MODES:
        # 0-65535 to 0-255, rounded; values outside 16 bits (only possible in "I") clip.
        return image.convert("I").point(lambda value: value / 257 + 0.5).convert("L")
    if image.mode == "F":
        raise ValidationError(
            gettext(
                "This image stores its pixels as floating-point numbers (scientific or HDR data), which have no "
                "agreed brightness; export it as an 8-bit or 16-bit PNG, or a JPEG, and upload it again."
            ),
            code="mode",
        )
    if icc_profile and image.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(
                image, profile, _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: convert as if there were none
    if image.mode in {"P", "PA"} and ("transparency" in image.info or image.mode == "PA"):
        return image.convert("RGBA")
    if image.mode in DISPLAY_MODES:
        return image
    try:
        return image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except ValueError:
        raise ValidationError(
            gettext(
                "Images in the %(mode)s colour mode cannot be shown on the web; "
                "export it as an RGB JPEG or PNG and upload it again."
            ),
            code="mode",
            params={"mode": image.mode},
        ) from None


def save_without_metadata(image, out, fmt):
    """Write ``image`` to ``out`` in ``fmt`` as pixels only: no EXIF, XMP, ICC profile, comment or text chunk.

    The pixels are copied into a new image, so nothing from the upload's ``info`` can ride along.
    """
    image = to_display_mode(image)
    clean = PILImage.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    if fmt == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "WEBP":
        clean.save(out, "WEBP", quality=85)
    else:
        clean.save(out, fmt, optimize=True)


class SafeImageFormField(forms.FileField):
    """An upload field that accepts only images we can read, and hands on a clean copy."""

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        clean, (width, height) = clean_upload(uploaded)
        clean.image_size = (width, height)
        return clean

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")
        return attrs


class SafeImageField(models.ImageField):
    """A model image field whose every form strips metadata and stores under a random name."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})
