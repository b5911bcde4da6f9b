import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from images.models import Rendition
from images.renditions import picture_sources, renditions_for
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def jpeg_with_exif(size):
    image = PILImage.new("RGB", size, (30, 90, 160))
    exif = PILImage.Exif()
    exif[0x013B] = "Photographer Real Name"  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_large_image_gets_three_widths_in_webp_and_jpeg():
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1600, 900)), name="x.jpg"))

    renditions = renditions_for(image)

    assert sorted((r.width, r.format) for r in renditions) == [
        (480, "jpeg"), (480, "webp"), (800, "jpeg"), (800, "webp"), (1200, "jpeg"), (1200, "webp"),
    ]  # fmt: skip
    assert {r.height for r in renditions if r.width == 800} == {450}
    for rendition in renditions:
        with PILImage.open(rendition.file) as opened:
            assert opened.size == (rendition.width, rendition.height)
            assert opened.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]


def test_small_image_is_never_enlarged():
    image = ImageFactory(file=ContentFile(jpeg_with_exif((300, 200)), name="x.jpg"))

    assert {r.width for r in renditions_for(image)} == {300}


def test_renditions_carry_no_metadata():
    # Saved through the model, not the upload form, so the stored original still has its EXIF.
    image = ImageFactory(file=ContentFile(jpeg_with_exif((900, 600)), name="x.jpg"))
    with PILImage.open(image.file) as original:
        assert original.getexif()

    for rendition in renditions_for(image):
        with PILImage.open(rendition.file) as opened:
            assert not opened.getexif()
            assert "exif" not in opened.info and "icc_profile" not in opened.info
            assert b"Photographer Real Name" not in rendition.file.read()


def test_renditions_are_made_once_and_reused(django_assert_num_queries):
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1000, 500)), name="x.jpg"))
    renditions_for(image)
    count = Rendition.objects.count()

    with django_assert_num_queries(1):
        renditions_for(image)
    assert Rendition.objects.count() == count == 6  # 480, 800 and 1000 wide


def test_picture_offers_webp_first_with_jpeg_fallback_and_size(client):
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1600, 900)), name="x.jpg"))
    article = ArticleFactory(live=True, lead_image=image)

    page = client.get(article.get_absolute_url()).content.decode()
    sources = picture_sources(image)

    assert f'<source type="image/webp" srcset="{sources["webp_srcset"]}"' in page
    assert f'<img src="{sources["src"]}" srcset="{sources["jpeg_srcset"]}"' in page
    assert 'width="800" height="450"' in page
    assert sources["webp_srcset"].count("w,") == 2
