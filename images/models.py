"""The image library: photos and graphics with required alt text, and their resized copies.

The lowest room of the house: it knows nothing of articles or people. Who may see and
change an image is decided by what shows it (``articles.media``), not here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from images.uploads import SafeImageField, random_upload_path


class Image(models.Model):
    """A photo or graphic. Stored re-encoded, without metadata, under a random name."""

    file = SafeImageField(upload_to=random_upload_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300, help_text=_("What the image shows, for readers who cannot see it. Required.")
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text=_('e.g. "Photo: a Newsroom correspondent".'))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    focal_x = models.FloatField(
        default=0.5,
        help_text=_("Where the subject is, across the picture (0 = left edge, 1 = right edge); crops keep it."),
    )
    focal_y = models.FloatField(
        default=0.5,
        help_text=_("Where the subject is, down the picture (0 = top edge, 1 = bottom edge); crops keep it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table kept its name from the days images lived in ``articles``: no data was copied.
        db_table = "articles_image"
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(alt_text__regex=r"\S"),
                name="image_alt_text_required",
                violation_error_message=_("Describe the image for readers who cannot see it."),
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message=_("The focal point must lie inside the picture."),
            ),
        ]

    def __str__(self):
        return self.alt_text[:80]


class Crop(models.TextChoices):
    WHOLE = "", _("whole picture")
    SQUARE = "square", _("square, around the focal point")


class Rendition(models.Model):
    """A resized copy of an image for responsive pages (made once, kept), whole or cropped around the focal point."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=10, help_text=_("webp or jpeg"))
    crop = models.CharField(
        max_length=10, choices=Crop.choices, default=Crop.WHOLE, blank=True,
        help_text=_("Empty for the whole picture; square for the desk's thumbnails (made around the focal point)."),
    )  # fmt: skip
    file = models.ImageField(upload_to=random_upload_path)

    class Meta:
        db_table = "articles_rendition"
        ordering = ["image", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(fields=["image", "width", "format", "crop"], name="rendition_unique_size_crop"),
            models.CheckConstraint(condition=Q(format__in=["webp", "jpeg"]), name="rendition_format_valid"),
            models.CheckConstraint(condition=Q(crop__in=Crop.values), name="rendition_crop_valid"),
        ]

    def __str__(self):
        crop = f", {self.crop}" if self.crop else ""
        return f"{self.image_id} at {self.width}px ({self.format}{crop})"
