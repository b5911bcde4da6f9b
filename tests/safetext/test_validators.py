"""Clean text at the door: control characters are refused in every text field, direction
overrides in every name, headline and slug; through the admin as through ``full_clean``."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from articles.models import Article
from images.models import Image
from people.models import Correspondent
from safetext.validators import NAMING_FIELDS, SANITISED_FIELDS, project_models, reject_control_characters
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, EditorFactory, ImageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def text_fields():
    for model in project_models():
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            kind = field.get_internal_type()
            if (
                kind in {"CharField", "TextField", "SlugField", "URLField", "EmailField"}
                and label not in SANITISED_FIELDS
            ):
                yield label, field


@pytest.mark.parametrize("char", CONTROL)
def test_every_text_field_of_every_model_refuses_a_control_character(char):
    fields = list(text_fields())
    assert {"articles.Article.headline", "people.Source.public_descriptor", "images.Image.alt_text"} <= {
        label for label, _ in fields
    }
    for label, field in fields:
        with pytest.raises(ValidationError) as refused:
            field.run_validators(f"Osh{char}Bazaar")
        assert "control character" in str(refused.value), label


@pytest.mark.parametrize("char", BIDI)
def test_names_headlines_and_slugs_refuse_direction_overrides_and_other_text_keeps_them(char):
    for _label, field in text_fields():
        if field.name in NAMING_FIELDS:
            with pytest.raises(ValidationError, match="text-direction control"):
                field.run_validators(f"gpj.{char}exe")
        elif field.name in {"standfirst", "caption", "quote", "bio"}:
            field.run_validators(f"مدرسه {char}Osh\u202c")  # a right-to-left writer's own marks stay


def test_tab_newline_and_a_browsers_crlf_are_ordinary_text():
    article = ArticleFactory(headline="Kyrgyzstan:\tOsh", standfirst="First line.\r\nSecond line.\nThird.")

    article.full_clean()


def test_right_to_left_marks_and_scripts_are_welcome_in_names():
    OrganisationFactory(name="وزارت معارف\u200f (Ministry)", acronym="MoE").full_clean()


def test_the_message_says_which_character_and_where():
    image = ImageFactory.build(alt_text="A bazaar\x07 in Osh")

    with pytest.raises(ValidationError) as refused:
        image.full_clean(exclude=["file"])

    assert refused.value.message_dict["alt_text"] == [
        "This text contains an invisible control character (U+0007, character 9). "
        "Delete it and save again; it usually comes from copying out of another program."
    ]


def test_the_body_is_not_refused_but_stripped():
    article = ArticleFactory(body="<p>Word\x0bline\x01</p>")

    article.full_clean()
    assert article.body == "<p>Word\nline</p>"


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(EditorFactory())
    return client


def test_forged_admin_post_with_a_control_character_in_the_headline_is_a_form_error(editor_client):
    article = ArticleFactory(headline="Tajikistan: Border Villages Wait for Water")
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = editor_client.post(url, change_form_data(article, headline="Tajikistan:\x01 Border Villages"))

    assert response.status_code == 200
    assert "invisible control character (U+0001, character 12)" in response.text
    assert Article.objects.get(pk=article.pk).headline == "Tajikistan: Border Villages Wait for Water"


def test_forged_admin_post_with_an_override_in_a_byline_name_is_a_form_error():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    data = {"name": "Real Name", "byline_name": "Aigerim \u202eS.", "role_title": "", "base_location": ""}

    response = client.post(reverse("admin:people_correspondent_add"), data)

    assert response.status_code == 200 and "text-direction control (U+202E" in response.text
    assert not Correspondent.objects.exists()


def test_forged_admin_post_with_a_control_character_in_a_topic_or_a_standfirst_is_refused(editor_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])

    for field, value in [("tags", "water, dro\x1bught"), ("standfirst", "Farmers\x85 wait."), ("tags", "\u202ewater")]:
        response = editor_client.post(url, change_form_data(article, **{field: value}))
        assert response.status_code == 200, field
        assert "invisible" in response.text, field
    assert list(Article.objects.get(pk=article.pk).tags.names()) == []


def test_a_note_on_a_workflow_step_refuses_control_characters(editor_client):
    article = ArticleFactory(status=Article.Status.SUBMITTED)
    url = reverse("admin:articles_article_transition", args=[article.pk, "return"])

    response = editor_client.post(url, {"version": article.version, "comment": "Name the\x00 court"})

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED


def test_image_alt_text_caption_and_credit_refuse_control_characters():
    for field in ("alt_text", "caption", "credit"):
        with pytest.raises(ValidationError) as refused:
            ImageFactory.build(**{field: "Photo\x1b"}).full_clean(exclude=["file"])
        assert field in refused.value.message_dict
    assert Image._meta.get_field("alt_text").validators


@pytest.mark.parametrize("field", ["headline", "slug"])
def test_the_database_refuses_a_control_character_in_a_headline_or_slug_even_from_the_shell(field):
    article = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(**{field: "osh\x01bazaar"})

    Article.objects.filter(pk=article.pk).update(**{field: "osh-bazaar\u202e"})  # refused by forms, not by the database


def test_the_constraint_and_the_validator_agree_on_every_control_character():
    article = ArticleFactory()
    for code in [*range(0x01, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF, 0x09, 0x0A, 0x0D, 0x20, 0x200F, 0x202E]:
        headline = f"Osh{chr(code)}Bazaar"
        try:
            reject_control_characters(headline)
            refused_by_validator = False
        except ValidationError:
            refused_by_validator = True
        try:
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(headline=headline)
            refused_by_database = False
        except IntegrityError:
            refused_by_database = True
        assert refused_by_validator == refused_by_database, f"U+{code:04X}"
