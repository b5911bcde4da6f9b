"""The image library's models: the database refuses an image without alt text and a rendition twice over."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from images.models import Image, Rendition
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    """``make`` must fail with IntegrityError at the database, leaving the connection usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_database_refuses_an_image_without_alt_text():
    refused_by_database(lambda: ImageFactory(alt_text=""))


def test_image_without_alt_text_is_refused_with_a_message_before_it_reaches_the_database():
    image = ImageFactory.build(alt_text="")

    with pytest.raises(ValidationError) as error:
        image.full_clean()

    assert "alt_text" in error.value.message_dict


def test_database_refuses_alt_text_made_only_of_spaces():
    refused_by_database(lambda: ImageFactory(alt_text="   "))


def test_database_refuses_a_rendition_in_an_unknown_format():
    image = ImageFactory()

    refused_by_database(lambda: Rendition.objects.create(image=image, width=10, height=10, format="bmp", file="x.bmp"))


def test_database_refuses_two_renditions_of_the_same_size_and_format():
    image = ImageFactory()
    Rendition.objects.create(image=image, width=320, height=240, format="webp", file="renditions/a.webp")

    refused_by_database(
        lambda: Rendition.objects.create(image=image, width=320, height=240, format="webp", file="renditions/b.webp")
    )


def test_image_reads_as_its_alt_text():
    assert str(Image(alt_text="A dry canal between two villages")) == "A dry canal between two villages"
