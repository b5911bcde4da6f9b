"""The lead-image picker and inline figures, under the desk's row rules (``articles.media``)."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.figures import render_figures
from articles.sanitize import clean_html
from images.models import Image
from images.renditions import figure_rendition, thumbnail
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    aigerim = CorrespondentUserFactory(username="aigerim")
    bakyt = CorrespondentUserFactory(username="bakyt")
    article = ArticleFactory()
    BylineFactory(article=article, correspondent=aigerim.correspondent)
    mine = ImageFactory(uploaded_by=aigerim, alt_text="Canal at dawn", credit="Photo: Aigerim")
    theirs = ImageFactory(uploaded_by=bakyt, alt_text="Protest in Osh (embargoed)")
    client = Client()
    client.force_login(aigerim)
    return {"client": client, "article": article, "mine": mine, "theirs": theirs}


def loaded(image):
    return Image.objects.prefetch_related("renditions").get(pk=image.pk)


def figure(image, src=None, caption="Water arrives at night."):
    image = loaded(image)
    src = src or figure_rendition(image).file.url
    picture = f'<img src="{src}" alt="{image.alt_text}" data-file="{image.pk}">'
    return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"


def save(desk, **overrides):
    article = desk["article"]
    article.refresh_from_db()
    url = reverse("admin:articles_article_change", args=[article.pk])
    return desk["client"].post(url, change_form_data(article, **overrides))


def test_picker_lists_only_the_images_the_correspondent_may_use(desk):
    data = desk["client"].get(reverse("admin:images_image_picker_json")).json()

    assert [r["id"] for r in data["results"]] == [desk["mine"].pk]
    [result] = data["results"]
    assert result["thumbnail"]["src"] == thumbnail(loaded(desk["mine"]))["src"]
    assert result["src"] == figure_rendition(loaded(desk["mine"])).file.url
    assert "embargoed" not in str(data)


def test_picker_search_and_page_obey_the_same_rules(desk):
    client = desk["client"]
    assert client.get(reverse("admin:images_image_picker_json"), {"q": "Osh"}).json()["results"] == []
    page = client.get(reverse("admin:images_image_picker"), {"q": "canal", "CKEditorFuncNum": "3"}).text
    assert "Canal at dawn" in page and "embargoed" not in page
    assert f'data-id="{desk["mine"].pk}"' in page and f'data-id="{desk["theirs"].pk}"' not in page


def test_editor_picker_sees_the_whole_library(desk):
    client = Client()
    client.force_login(EditorFactory(username="dilnoza"))
    ids = {r["id"] for r in client.get(reverse("admin:images_image_picker_json")).json()["results"]}
    assert ids == {desk["mine"].pk, desk["theirs"].pk}


def test_picker_needs_a_desk_login():
    response = Client().get(reverse("admin:images_image_picker_json"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_lead_image_widget_shows_the_current_thumbnail_and_only_that_option(desk):
    desk["article"].lead_image = desk["mine"]
    desk["article"].save()

    page = desk["client"].get(reverse("admin:articles_article_change", args=[desk["article"].pk])).text

    assert "data-image-picker" in page and thumbnail(loaded(desk["mine"]))["src"] in page
    assert f'<option value="{desk["mine"].pk}" selected>' in page
    assert "embargoed" not in page


def test_a_forged_lead_image_id_of_a_colleagues_picture_is_refused(desk):
    response = save(desk, lead_image=desk["theirs"].pk)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    desk["article"].refresh_from_db()
    assert desk["article"].lead_image is None


def test_picking_an_own_lead_image_is_saved(desk):
    assert save(desk, lead_image=desk["mine"].pk).status_code == 302
    desk["article"].refresh_from_db()
    assert desk["article"].lead_image == desk["mine"]


def test_inline_figure_of_an_own_image_is_stored_with_its_rendition(desk):
    response = save(desk, body="<p>Night.</p>" + figure(desk["mine"]))

    assert response.status_code == 302
    desk["article"].refresh_from_db()
    src = figure_rendition(loaded(desk["mine"])).file.url
    assert f'<figure><img src="{src}" alt="Canal at dawn"' in desk["article"].body
    assert f'data-file="{desk["mine"].pk}"' in desk["article"].body
    assert "<figcaption>Water arrives at night.</figcaption></figure>" in desk["article"].body


def test_a_colleagues_image_in_the_body_is_refused_with_a_clear_error(desk):
    response = save(desk, body="<p>Night.</p>" + figure(desk["theirs"]))

    assert response.status_code == 200
    assert "is not one you may use in this story" in response.text
    desk["article"].refresh_from_db()
    assert "<figure>" not in desk["article"].body


def test_a_forged_src_to_another_site_is_stripped_and_so_is_its_figure():
    cleaned = clean_html(
        '<p>x</p><figure><img src="https://evil.example/track.gif" alt="x" data-file="1" onerror="alert(1)">'
        '<figcaption>bait</figcaption></figure><img src="/media/images/2026/11/original.png">'
    )
    assert cleaned == "<p>x</p>"


def test_a_rendition_address_of_a_colleagues_image_under_an_own_id_is_rewritten(desk):
    theirs = figure_rendition(loaded(desk["theirs"])).file.url

    assert save(desk, body=figure(desk["mine"], src=theirs)).status_code == 302

    desk["article"].refresh_from_db()
    assert theirs not in desk["article"].body
    assert figure_rendition(loaded(desk["mine"])).file.url in desk["article"].body


def test_a_pasted_figure_without_an_id_is_found_by_its_rendition_and_checked(desk):
    theirs = figure_rendition(loaded(desk["theirs"])).file.url
    response = save(desk, body=f'<figure><img src="{theirs}" alt="x"></figure>')
    assert response.status_code == 200 and "is not one you may use" in response.text


def test_readers_get_a_responsive_picture_with_the_library_credit(desk, client):
    save(desk, body="<p>Night.</p>" + figure(desk["mine"]))
    article = desk["article"]
    article.refresh_from_db()
    article.status, article.publish_at = "published", article.created_at
    article.save()

    page = client.get(article.get_absolute_url()).text
    body = render_figures(article.body)

    assert '<figure class="body-figure"><picture><source type="image/webp" srcset="' in page
    assert 'sizes="(min-width: 50rem) 46rem, 100vw"' in body
    assert 'Water arrives at night. <span class="credit">Photo: Aigerim</span></figcaption>' in page
