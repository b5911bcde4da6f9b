import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from images.models import Image, Rendition
from images.renditions import picture_sources, renditions_for
from tests.factories import ArticleFactory, ImageFactory, png_bytes

pytestmark = pytest.mark.django_db


def jpeg_with_exif(size):
    image = PILImage.new("RGB", size, (30, 90, 160))
    exif = PILImage.Exif()
    exif[0x013B] = "Photographer Real Name"  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_large_image_gets_three_widths_in_webp_and_jpeg():
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1600, 900)), name="x.jpg"), renditions=False)

    renditions = [r for r in renditions_for(image) if not r.crop]

    assert sorted((r.width, r.format) for r in renditions) == [
        (480, "jpeg"), (480, "webp"), (800, "jpeg"), (800, "webp"), (1200, "jpeg"), (1200, "webp"),
    ]  # fmt: skip
    assert {r.height for r in renditions if r.width == 800} == {450}
    for rendition in renditions:
        with PILImage.open(rendition.file) as opened:
            assert opened.size == (rendition.width, rendition.height)
            assert opened.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]


def test_small_image_is_never_enlarged():
    image = ImageFactory(file=ContentFile(jpeg_with_exif((300, 200)), name="x.jpg"), renditions=False)

    assert {r.width for r in renditions_for(image) if not r.crop} == {300}
    assert {r.width for r in renditions_for(image) if r.crop} == {80, 160}  # squares of its 200 px short side


def test_renditions_carry_no_metadata():
    # Saved through the model, not the upload form, so the stored original still has its EXIF.
    image = ImageFactory(file=ContentFile(jpeg_with_exif((900, 600)), name="x.jpg"), renditions=False)
    with PILImage.open(image.file) as original:
        assert original.getexif()

    for rendition in renditions_for(image):
        with PILImage.open(rendition.file) as opened:
            assert not opened.getexif()
            assert "exif" not in opened.info and "icc_profile" not in opened.info
            assert b"Photographer Real Name" not in rendition.file.read()


def test_renditions_are_made_once_and_reused(django_assert_num_queries):
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1000, 500)), name="x.jpg"), renditions=False)
    renditions_for(image)
    count = Rendition.objects.count()

    with django_assert_num_queries(1):
        renditions_for(image)
    assert Rendition.objects.count() == count == 8  # 480, 800 and 1000 wide, twice; squares of 80 and 160


def test_picture_offers_webp_first_with_jpeg_fallback_and_size(client):
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1600, 900)), name="x.jpg"))
    article = ArticleFactory(live=True, lead_image=image)

    page = client.get(article.get_absolute_url()).content.decode()
    sources = picture_sources(image)

    assert f'<source type="image/webp" srcset="{sources["webp_srcset"]}"' in page
    assert f'<img src="{sources["src"]}" srcset="{sources["jpeg_srcset"]}"' in page
    assert 'width="800" height="450"' in page
    assert sources["webp_srcset"].count("w,") == 2


# --- made by the worker, never by a reader -----------------------------------------------------


def test_a_readers_view_makes_no_rendition_and_shows_the_original_until_the_worker_has(client):
    image = ImageFactory(file=ContentFile(jpeg_with_exif((1600, 900)), name="x.jpg"), renditions=False)
    article = ArticleFactory(live=True, lead_image=image)

    page = client.get(article.get_absolute_url()).content.decode()

    assert not Rendition.objects.exists()
    assert f'<img src="{image.file.url}"' in page and 'width="1600" height="900"' in page
    assert 'type="image/webp"' not in page
    assert f'<meta property="og:image" content="http://127.0.0.1:8000{image.file.url}">' in page


def test_an_image_whose_file_is_gone_leaves_the_page_without_a_picture(client):
    image = ImageFactory(renditions=False)
    Image.objects.filter(pk=image.pk).update(file="")
    article = ArticleFactory(live=True, lead_image=Image.objects.get(pk=image.pk))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<picture>" not in response.content.decode()
    assert article.headline in response.content.decode()


def test_an_upload_queues_its_renditions_for_the_worker(admin_client, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:images_image_add"),
            {"file": SimpleUploadedFile("a.png", png_bytes((900, 600)), content_type="image/png"),
             "alt_text": "A queue outside a bakery", "caption": "", "credit": "", "_save": "Save"},
        )  # fmt: skip
    assert response.status_code == 302
    image = Image.objects.get()
    assert not image.renditions.exists()
    # This upload's task; the queue is shared with other apps' tasks (the insights report's refreshes).
    [queued] = DBTaskResult.objects.ready().filter(task_path="images.renditions.make_renditions")
    assert queued.args_kwargs["args"] == [image.pk]

    queued.task.call(image.pk)  # what the worker runs

    assert sorted((r.width, r.format, r.crop) for r in image.renditions.all()) == [
        (80, "webp", "square"), (160, "webp", "square"),
        (480, "jpeg", ""), (480, "webp", ""), (800, "jpeg", ""), (800, "webp", ""),
        (900, "jpeg", ""), (900, "webp", ""),
    ]  # fmt: skip


def test_make_renditions_command_fills_in_what_is_missing_and_can_queue_instead(settings):
    waiting = ImageFactory(renditions=False)
    done = ImageFactory()
    before = set(done.renditions.values_list("pk", flat=True))

    out = io.StringIO()
    call_command("make_renditions", stdout=out)

    assert waiting.renditions.count() == 3 and set(done.renditions.values_list("pk", flat=True)) == before
    assert "Renditions ready for 2 image(s)" in out.getvalue()

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("make_renditions", "--queue", stdout=io.StringIO())
    assert DBTaskResult.objects.ready().filter(task_path="images.renditions.make_renditions").count() == 2
