"""The image library's permission matrix, at the HTTP level: roles × actions × kinds of image, from one table.

Correspondent A uploaded the image of their own draft and the image of their own live
story; correspondent B uploaded the image of their own draft. Each case sends the real
admin request (forged POSTs included) and checks the status code and that a refused
request changed nothing.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from audit.models import AuditAction, AuditEvent
from images.models import Image
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory, ImageFactory

pytestmark = pytest.mark.django_db

ROLES = ["correspondent_a", "correspondent_b", "editor", "anonymous"]
ACTIONS = ["list", "open", "change", "replace", "pick", "delete"]
KINDS = ["a_draft_image", "b_draft_image", "live_image"]


def sees(role, kind):
    """Who may see (list, open, pick) an image: editors all; a correspondent what they uploaded or may edit."""
    return (
        role == "editor"
        or (role == "correspondent_a" and kind != "b_draft_image")
        or (role == "correspondent_b" and kind == "b_draft_image")
    )


def may(role, action, kind):
    """The one table: may ``role`` do ``action`` to an image of ``kind``?"""
    if action == "delete":
        return False  # nobody but a superuser deletes images: neither role has the permission
    if action in ("change", "replace") and kind == "live_image":
        return role == "editor"  # a published story's picture is the desk's
    return sees(role, kind)


def refusal_status(role, action, kind):
    """How a refusal answers: the login page, 404 for what one may not see, 403 for read-only."""
    if role == "anonymous":
        return 302
    if not sees(role, kind):
        return 404 if action in ("open", "change", "replace", "delete") else 200
    return 403 if action in ("change", "replace", "delete") else 200


CASES = [(role, action, kind) for role in ROLES for action in ACTIONS for kind in KINDS]


def png(color):
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), color).save(out, "PNG")
    return SimpleUploadedFile("new.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def people():
    return {
        "correspondent_a": CorrespondentUserFactory(username="aigerim"),
        "correspondent_b": CorrespondentUserFactory(username="bakyt"),
        "editor": EditorFactory(username="dilnoza"),
        "anonymous": None,
    }


@pytest.fixture
def images(people):
    a, b = people["correspondent_a"], people["correspondent_b"]
    kinds = {
        "a_draft_image": (ImageFactory(uploaded_by=a, alt_text="Marker A draft"), a, {}),
        "b_draft_image": (ImageFactory(uploaded_by=b, alt_text="Marker B draft"), b, {}),
        "live_image": (ImageFactory(uploaded_by=a, alt_text="Marker live"), a, {"live": True}),
    }
    for image, author, state in kinds.values():
        article = ArticleFactory(lead_image=image, **state)
        BylineFactory(article=article, correspondent=author.correspondent)
    return {kind: image for kind, (image, _, _) in kinds.items()}


def fingerprint(pk):
    image = Image.objects.filter(pk=pk).first()
    return image and (image.file.name, image.alt_text, image.caption, image.credit)


def perform(client, action, image):
    change_url = reverse("admin:images_image_change", args=[image.pk])
    if action == "list":
        return client.get(reverse("admin:images_image_changelist"))
    if action == "open":
        return client.get(change_url)
    if action == "change":
        return client.post(change_url, {"alt_text": "Defaced", "caption": "Defaced", "credit": "Defaced"})
    if action == "replace":
        return client.post(
            change_url, {"file": png((0, 0, 0)), "alt_text": image.alt_text, "caption": "", "credit": ""}
        )
    if action == "pick":
        return client.get(
            reverse("admin:autocomplete"),
            {"app_label": "articles", "model_name": "article", "field_name": "lead_image", "term": "Marker"},
        )
    return client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})


def took_effect(action, image, before, response):
    after = fingerprint(image.pk)
    if action == "list":
        return response.status_code == 200 and reverse("admin:images_image_change", args=[image.pk]) in response.text
    if action == "open":
        return response.status_code == 200 and image.alt_text in response.text
    if action == "pick":
        return response.status_code == 200 and str(image.pk) in [r["id"] for r in response.json()["results"]]
    if action == "delete":
        return after is None
    return after != before


@pytest.mark.parametrize(("role", "action", "kind"), CASES)
def test_image_permission_matrix(client, people, images, role, action, kind):
    image = images[kind]
    if people[role] is not None:
        client.force_login(people[role])
    before = fingerprint(image.pk)

    response = perform(client, action, image)

    allowed = may(role, action, kind)
    assert took_effect(action, image, before, response) is allowed, (role, action, kind, response.status_code)
    if not allowed:
        assert response.status_code == refusal_status(role, action, kind)
        assert fingerprint(image.pk) == before
        if action in ("list", "pick") and not sees(role, kind):
            assert image.alt_text not in response.text


def test_matrix_size():
    """Every role, action and kind of image (and how many cases run)."""
    assert len(CASES) == len(ROLES) * len(ACTIONS) * len(KINDS) == 72


def test_live_image_is_shown_read_only_to_the_correspondent_who_uploaded_it(client, people, images):
    client.force_login(people["correspondent_a"])

    response = client.get(reverse("admin:images_image_change", args=[images["live_image"].pk]))

    assert response.status_code == 200
    assert 'name="alt_text"' not in response.text and 'name="file"' not in response.text
    assert "Marker live" in response.text


@pytest.mark.parametrize("kind", KINDS)
def test_forged_lead_image_id_is_refused_unless_the_correspondent_may_pick_it(client, people, images, kind):
    a = people["correspondent_a"]
    draft = ArticleFactory(headline="Kazakhstan: A Draft Without A Picture")
    BylineFactory(article=draft, correspondent=a.correspondent)
    client.force_login(a)

    response = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_form_data(draft, lead_image=images[kind].pk),
    )

    draft.refresh_from_db()
    if sees("correspondent_a", kind):
        assert response.status_code == 302 and draft.lead_image_id == images[kind].pk
    else:
        assert "Select a valid choice" in response.text and draft.lead_image_id is None


def test_another_correspondents_image_answers_like_a_missing_one_and_is_recorded(client, people, images):
    client.force_login(people["correspondent_b"])
    hidden = images["a_draft_image"]
    missing_pk = Image.objects.order_by("-pk").first().pk + 100

    hidden_response = client.get(reverse("admin:images_image_change", args=[hidden.pk]))
    missing_response = client.get(reverse("admin:images_image_change", args=[missing_pk]))

    assert hidden_response.status_code == missing_response.status_code == 404
    assert hidden_response.content == missing_response.content
    refused = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).order_by("id")
    assert [(e.actor_label, e.target_type, e.target_id) for e in refused] == [
        ("bakyt", "images.image", str(hidden.pk)),
        ("bakyt", "", ""),
    ]
    assert refused.last().detail == {"model": "images.image", "id": str(missing_pk), "view": "change"}


@pytest.mark.parametrize("field", ["file", "alt_text"])
def test_editor_changing_what_readers_see_of_a_live_image_is_recorded(client, people, images, field):
    image = images["live_image"]
    client.force_login(people["editor"])
    data = {"alt_text": image.alt_text, "caption": image.caption, "credit": image.credit}
    data |= {"file": png((9, 9, 9))} if field == "file" else {"alt_text": "A different picture"}

    response = client.post(reverse("admin:images_image_change", args=[image.pk]), data)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.PUBLIC_IMAGE_CHANGED)
    assert (event.actor_label, event.target_id, event.detail["fields"]) == ("dilnoza", str(image.pk), [field])


def test_correspondent_recaptioning_their_own_draft_image_is_not_a_desk_act(client, people, images):
    image = images["a_draft_image"]
    client.force_login(people["correspondent_a"])

    client.post(reverse("admin:images_image_change", args=[image.pk]), {"alt_text": "Better words", "caption": ""})

    assert Image.objects.get(pk=image.pk).alt_text == "Better words"
    assert not AuditEvent.objects.filter(action=AuditAction.PUBLIC_IMAGE_CHANGED).exists()
