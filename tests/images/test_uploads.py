"""Image uploads: stored as pixels only, under random names; anything else is refused and nothing is kept."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, PngImagePlugin
from PIL import Image as PILImage

from images.models import Image
from images.uploads import clean_upload, random_upload_path
from people.models import Correspondent
from tests.factories import UserFactory, png_bytes

pytestmark = pytest.mark.django_db

GPS = {1: "N", 2: (42.0, 52.0, 3.0), 3: "E", 4: (74.0, 35.0, 1.0)}
RANDOM_NAME = re.compile(r"^images/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp|gif)$")


def jpeg_with_metadata(size=(64, 32), orientation=1):
    """A JPEG as a phone writes it: camera make, owner, orientation, GPS position and a comment."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Artist] = "Aigerim Tokonova"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    PILImage.new("RGB", size, (180, 90, 40)).save(out, "JPEG", exif=exif, comment=b"Shot at home in Osh")
    data = out.getvalue()
    # The test only means something if the upload really carries the position.
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo) == GPS
    return data


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb."""
    out = io.BytesIO()
    PILImage.new("1", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    # IHDR starts at byte 8: length (4), type (4), width (4), height (4), five more bytes, then its CRC.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


def upload_image(client, data, name, **fields):
    return client.post(
        reverse("admin:images_image_add"),
        {
            "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "alt_text": "A dry canal between two villages",
            "caption": "The canal has been dry since June.",
            "credit": "Photo: Newsroom",
            "_save": "Save",
            **fields,
        },
    )


# --- Through the admin ------------------------------------------------------------------------------


def test_admin_upload_is_stored_without_exif_gps_or_comment_under_a_random_name(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_image(admin_client, jpeg_with_metadata(), "aigerim-tokonova-home-osh.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert RANDOM_NAME.match(image.file.name), image.file.name
    assert "aigerim" not in image.file.name
    assert "osh" not in image.file.name
    with PILImage.open(image.file.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in stored.info
        assert "comment" not in stored.info
        assert stored.size == (64, 32)
    raw = Path(image.file.path).read_bytes()
    assert b"PhoneMaker" not in raw
    assert b"Aigerim" not in raw
    assert (image.width, image.height) == (64, 32)
    # The responsive copies are made once the upload is committed, not on a reader's first view.
    assert sorted((r.width, r.format, r.crop) for r in image.renditions.all()) == [
        (32, "webp", "square"),
        (64, "jpeg", ""),
        (64, "webp", ""),
    ]


def test_admin_upload_turns_the_pixels_the_way_the_camera_said_before_dropping_the_tag(admin_client):
    upload_image(admin_client, jpeg_with_metadata(size=(60, 20), orientation=6), "sideways.jpg")

    image = Image.objects.get()
    with PILImage.open(image.file.path) as stored:
        assert stored.size == (20, 60)
    assert (image.width, image.height) == (20, 60)


def test_correspondent_portrait_uploaded_in_the_admin_is_cleaned_too(admin_client):
    response = admin_client.post(
        reverse("admin:people_correspondent_add"),
        {
            "name": "Aigerim Tokonova",
            "byline_name": "Aigerim Tokonova",
            "role_title": "Correspondent",
            "base_location": "Osh",
            "photo": SimpleUploadedFile("aigerim.jpg", jpeg_with_metadata(), content_type="image/jpeg"),
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    correspondent = Correspondent.objects.get()
    assert "aigerim" not in correspondent.photo.name
    with PILImage.open(correspondent.photo.path) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_claiming(50_000, 50_000), "bomb.png", "too many pixels to process safely"),
        (b"Minutes of the editorial meeting, not a photo.", "photo.jpg", "not an image we can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "logo.svg", "not an image we can read"),
        (jpeg_with_metadata()[:200], "truncated.jpg", "not an image we can read"),
    ],
    ids=["decompression bomb", "text file", "svg", "truncated jpeg"],
)
def test_admin_refuses_what_is_not_a_safe_image_with_a_clear_message_and_keeps_nothing(
    admin_client, settings, data, name, message
):
    response = upload_image(admin_client, data, name)

    assert response.status_code == 200
    assert message in response.text
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


def test_admin_refuses_an_oversize_file_with_the_limit_in_the_message_and_keeps_nothing(admin_client, settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 1024
    data = jpeg_with_metadata(size=(400, 300))
    assert len(data) > 1024

    response = upload_image(admin_client, data, "big.jpg")

    assert response.status_code == 200
    assert "images may be at most 1.0\xa0KB" in response.text
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


def test_admin_refuses_an_image_without_alt_text_and_keeps_no_file(admin_client, settings):
    response = upload_image(admin_client, jpeg_with_metadata(), "canal.jpg", alt_text="")

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


# --- clean_upload itself ----------------------------------------------------------------------------


def test_image_just_over_the_pixel_cap_counts_as_a_bomb_too(settings):
    """Pillow only warns between the cap and twice the cap; we refuse there as well."""
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ValidationError) as error:
        clean_upload(SimpleUploadedFile("a.png", png_claiming(150, 100)))

    assert error.value.code == "bomb"


def test_png_text_chunks_are_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Aigerim Tokonova")
    info.add_text("Location", "42.87N 74.59E")
    out = io.BytesIO()
    PILImage.new("RGB", (8, 8), (10, 20, 30)).save(out, "PNG", pnginfo=info)

    clean, size = clean_upload(SimpleUploadedFile("a.png", out.getvalue()))

    data = clean.read()
    assert b"Aigerim" not in data
    assert b"42.87N" not in data
    assert PILImage.open(io.BytesIO(data)).format == "PNG"
    assert size == (8, 8)


def test_transparent_gif_keeps_its_transparency():
    out = io.BytesIO()
    PILImage.new("P", (4, 4), 0).save(out, "GIF", transparency=0)

    clean, _size = clean_upload(SimpleUploadedFile("a.gif", out.getvalue()))

    with PILImage.open(clean) as stored:
        assert stored.convert("RGBA").getpixel((0, 0))[3] == 0


def test_webp_is_accepted_and_tiff_refused_by_name():
    webp, tiff = io.BytesIO(), io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(webp, "WEBP")
    PILImage.new("RGB", (8, 8)).save(tiff, "TIFF")

    clean, _size = clean_upload(SimpleUploadedFile("a.webp", webp.getvalue()))
    assert clean.name == "upload.webp"
    with pytest.raises(ValidationError, match="TIFF images are not accepted"):
        clean_upload(SimpleUploadedFile("a.tif", tiff.getvalue()))


def test_upload_path_drops_the_original_name_and_keeps_a_lowercase_extension():
    path = random_upload_path(Image(), "Aigerim Tokonova at home.JPG")

    assert RANDOM_NAME.match(path)
    assert path.endswith(".jpg")
    assert path != random_upload_path(Image(), "Aigerim Tokonova at home.JPG")


def test_replacing_an_images_file_in_the_admin_replaces_its_responsive_copies(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_image(admin_client, jpeg_with_metadata(), "first.jpg")
    image = Image.objects.get()
    old_files = [r.file.name for r in image.renditions.all()]
    assert old_files and all(default_storage.exists(name) for name in old_files)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:images_image_change", args=[image.pk]),
            {
                "file": SimpleUploadedFile("second.png", png_bytes((40, 30)), content_type="image/png"),
                "alt_text": image.alt_text,
                "caption": "",
                "credit": "",
                "_save": "Save",
            },
        )

    assert response.status_code == 302
    assert sorted((r.width, r.format) for r in image.renditions.filter(crop="")) == [(40, "jpeg"), (40, "webp")]
    assert not any(default_storage.exists(name) for name in old_files)


def test_upload_while_storage_fails_is_a_form_error_that_keeps_the_words(admin_client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"

    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            "file": SimpleUploadedFile("canal.png", png_bytes((40, 30)), content_type="image/png"),
            "alt_text": "Children carry water past a dry canal",
            "caption": "Khujand, June: the canal has been dry for weeks.",
            "credit": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The photo could not be stored just now" in page
    assert 'value="Children carry water past a dry canal"' in page
    assert "Khujand, June: the canal has been dry for weeks." in page
    assert not Image.objects.exists()
