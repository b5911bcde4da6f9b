"""The image library on the desk: thumbnails from square renditions, the focal point, placeholders."""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from images.models import Image
from images.renditions import crop_box, figure_rendition, renditions_for, thumbnail
from tests.factories import EditorFactory, ImageFactory

pytestmark = pytest.mark.django_db


def editor_client():
    client = Client()
    client.force_login(EditorFactory(username="dilnoza"))
    return client


def two_halves(size=(400, 200)):
    """A wide picture: red left half, blue right half (the subject is on the right)."""
    picture = PILImage.new("RGB", size, (220, 30, 30))
    picture.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return ContentFile(out.getvalue(), name="halves.png")


def square_pixels(image):
    square = next(r for r in Image.objects.get(pk=image.pk).renditions.all() if r.crop == "square" and r.width == 80)
    with PILImage.open(square.file) as opened:
        return opened.convert("RGB").resize((1, 1)).getpixel((0, 0))


def test_crop_box_keeps_the_focal_point_inside_and_stops_at_the_edges():
    assert crop_box(400, 200, 0.5, 0.5) == (100, 0, 300, 200)
    assert crop_box(400, 200, 0.9, 0.5) == (200, 0, 400, 200)  # as far right as the picture goes
    assert crop_box(400, 200, 0.0, 0.5) == (0, 0, 200, 200)
    assert crop_box(200, 400, 0.5, 0.1) == (0, 0, 200, 200)


def test_list_shows_square_renditions_never_originals_with_a_pinned_query_count(django_assert_max_num_queries):
    client = editor_client()
    ImageFactory()
    client.get(reverse("admin:images_image_changelist"))  # warm the session and permission caches
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("admin:images_image_changelist"))
    images = [ImageFactory(alt_text=f"Photo {n}") for n in range(29)]

    with django_assert_max_num_queries(len(one.captured_queries)) as thirty:
        page = client.get(reverse("admin:images_image_changelist")).text

    assert len(thirty.captured_queries) == len(one.captured_queries)

    for image in images:
        assert thumbnail(image)["src"] in page
        assert image.file.url not in page
    assert 'class="image-thumb"' in page and 'sizes="80px"' in page


def test_a_missing_rendition_shows_a_placeholder_and_is_queued_not_made_by_the_page(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    waiting = ImageFactory(renditions=False, alt_text="Still waiting")
    client = editor_client()

    page = client.get(reverse("admin:images_image_changelist")).text
    client.get(reverse("admin:images_image_changelist"))  # a second look does not queue it again

    assert "Being prepared" in page and waiting.file.url not in page
    assert not waiting.renditions.exists()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "images.renditions.make_renditions" and queued.args_kwargs["args"] == [waiting.pk]


def test_moving_the_focal_point_recrops_the_thumbnail_around_the_subject(django_capture_on_commit_callbacks):
    image = ImageFactory(file=two_halves(), alt_text="Two halves")
    centred = square_pixels(image)
    whole = {r.pk for r in image.renditions.all() if not r.crop}

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client().post(
            reverse("admin:images_image_change", args=[image.pk]),
            {"alt_text": "Two halves", "caption": "", "credit": "", "focal_x": "0.9", "focal_y": "0.5"},
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.9, 0.5)
    red, _, blue = square_pixels(image)
    assert blue > 180 and red < 60, (centred, (red, blue))  # the square now holds only the blue subject
    assert {r.pk for r in image.renditions.all() if not r.crop} == whole  # pages' copies are kept


def test_change_page_shows_a_rendition_to_click_for_the_focal_point():
    image = ImageFactory(file=two_halves((1000, 500)))
    renditions_for(image)

    page = editor_client().get(reverse("admin:images_image_change", args=[image.pk])).text

    assert "data-focal-point" in page and "focal-point.js" in page
    image = Image.objects.prefetch_related("renditions").get(pk=image.pk)
    assert f'<img src="{figure_rendition(image).file.url}"' in page
    assert f'<img src="{image.file.url}"' not in page  # the original is a download link, never shown
    assert 'name="focal_x"' in page and 'name="focal_y"' in page


def test_focal_point_outside_the_picture_is_refused():
    image = ImageFactory()
    response = editor_client().post(
        reverse("admin:images_image_change", args=[image.pk]),
        {"alt_text": "x", "caption": "", "credit": "", "focal_x": "1.5", "focal_y": "0.5"},
    )
    assert response.status_code == 200
    image.refresh_from_db()
    assert image.focal_x == 0.5
