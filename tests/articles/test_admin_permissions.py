"""The permission matrix, at the HTTP level: roles × actions × states, from one table.

Each case sends the real admin request (GET or POST) as the role and checks what the
role would notice: the page, the headline, and above all the database. A refused
request changes nothing.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Citation
from audit.models import AuditAction, AuditEvent
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    CorrespondentUserFactory,
    EditorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status
HOUR = dt.timedelta(hours=1)

ROLES = ["anonymous", "author", "other_correspondent", "editor", "byline_editor", "superuser"]
STATES = ["draft", "submitted", "returned", "approved", "scheduled", "published", "withdrawn"]
PAGE_ACTIONS = ["list", "open", "edit", "delete", "history", "preview"]
TRANSITIONS = ["submit", "return", "approve", "publish", "reschedule", "cancel_schedule", "withdraw", "republish"]

#: From which states each step may be taken (DESIGN.md's table; "scheduled" is published with a future time).
STEP_FROM = {
    "submit": {"draft", "returned"},
    "return": {"submitted", "approved"},
    "approve": {"submitted"},
    "publish": {"submitted", "approved"},
    "reschedule": {"scheduled"},
    "cancel_schedule": {"scheduled"},
    "withdraw": {"published", "scheduled"},
    "republish": {"withdrawn"},
}
EDITORS = {"editor", "byline_editor", "superuser"}
#: Steps an editor may not take on an article that carries their own byline.
TWO_PERSON = {"approve", "publish", "reschedule", "republish"}


def expected(role, action, state):
    """The one table: may ``role`` do ``action`` to an article in ``state``?"""
    if action in ("list", "open", "history", "preview"):
        return role in EDITORS | {"author"}
    if action == "edit":
        return role in EDITORS or (role == "author" and state in {"draft", "returned"})
    if action == "delete":
        if role == "superuser":
            return True
        if role in EDITORS:
            return state in {"draft", "submitted", "returned", "approved"}
        return role == "author" and state == "draft"
    if state not in STEP_FROM[action]:
        return False
    if role == "author":
        return action == "submit"
    if role == "byline_editor":
        return action not in TWO_PERSON
    return role in EDITORS


CASES = [(role, action, state) for role in ROLES for action in PAGE_ACTIONS + TRANSITIONS for state in STATES]


@pytest.fixture
def people():
    author = CorrespondentUserFactory(username="author")
    byline_editor = EditorFactory(username="byline_editor")
    CorrespondentFactory(user=byline_editor, name="Editor Who Writes")
    return {
        "anonymous": None,
        "author": author,
        "other_correspondent": CorrespondentUserFactory(username="other_correspondent"),
        "editor": EditorFactory(username="editor"),
        "byline_editor": byline_editor,
        "superuser": UserFactory(username="root", is_superuser=True),
    }


def article_in(state, people):
    now = timezone.now()
    fields = {
        "draft": {"status": S.DRAFT},
        "submitted": {"status": S.SUBMITTED, "submitted_at": now},
        "returned": {"status": S.RETURNED, "submitted_at": now},
        "approved": {"status": S.APPROVED, "submitted_at": now},
        "scheduled": {
            "status": S.PUBLISHED,
            "submitted_at": now,
            "publish_at": now + 3 * HOUR,
            "first_published_at": now + 3 * HOUR,
        },
        "published": {
            "status": S.PUBLISHED,
            "submitted_at": now,
            "publish_at": now - HOUR,
            "first_published_at": now - HOUR,
        },
        "withdrawn": {
            "status": S.WITHDRAWN,
            "submitted_at": now,
            "publish_at": now - HOUR,
            "first_published_at": now - HOUR,
        },
    }[state]
    article = ArticleFactory(headline=f"Kyrgyzstan: Marker Headline In {state.title()} State", **fields)
    BylineFactory(article=article, correspondent=people["author"].correspondent, position=0)
    BylineFactory(article=article, correspondent=people["byline_editor"].correspondent, position=1)
    return article


def fingerprint(pk):
    """Everything a refused request must leave as it was."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        return None
    return (
        article.status,
        article.publish_at,
        article.version,
        article.headline,
        article.events.count(),
        sorted(article.bylines.values_list("correspondent_id", flat=True)),
    )


def change_form_data(article, **overrides):
    """A complete admin change-form POST for ``article``, as the browser would send it."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "language": article.language,
        "programme": "",
        "tags": "",
        "lead_image": "",
        "base_version": article.version,
    }
    bylines = list(article.bylines.all()) if article.pk else []
    data |= {
        "bylines-TOTAL_FORMS": len(bylines),
        "bylines-INITIAL_FORMS": len(bylines),
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
    }
    for i, byline in enumerate(bylines):
        data |= {
            f"bylines-{i}-id": byline.pk,
            f"bylines-{i}-article": article.pk,
            f"bylines-{i}-correspondent": byline.correspondent_id,
            f"bylines-{i}-position": byline.position,
            f"bylines-{i}-author_line": byline.author_line,
        }
    for prefix in ("citations", "corrections"):
        data |= {
            f"{prefix}-TOTAL_FORMS": 0,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data | overrides


def perform(client, action, article):
    """Send the request for ``action``; return the response."""
    pk = article.pk
    if action == "list":
        return client.get(reverse("admin:articles_article_changelist"))
    if action == "open":
        return client.get(reverse("admin:articles_article_change", args=[pk]))
    if action == "edit":
        data = change_form_data(article, headline="Kyrgyzstan: Edited Headline")
        return client.post(reverse("admin:articles_article_change", args=[pk]), data)
    if action == "delete":
        return client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    if action == "history":
        return client.get(reverse("admin:articles_article_history", args=[pk]))
    if action == "preview":
        return client.get(reverse("admin:articles_article_preview", args=[pk]))
    data = {"version": article.version, "comment": "A note for the record."}
    if action == "reschedule":
        data["publish_at"] = (timezone.localtime() + 6 * HOUR).strftime("%Y-%m-%dT%H:%M")
    return client.post(reverse("admin:articles_article_transition", args=[pk, action]), data)


def took_effect(action, article, before, response):
    """What the role would notice if the request was honoured."""
    after = fingerprint(article.pk)
    if action == "list":
        return response.status_code == 200 and article.headline in response.text
    if action in ("open", "history"):
        return response.status_code == 200 and article.headline in response.text
    if action == "preview":
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        return response.status_code == 200 and article.headline in response.text
    if action == "edit":
        return after is not None and after[3] == "Kyrgyzstan: Edited Headline"
    if action == "delete":
        return after is None
    return after != before and after[4] == before[4] + 1


@pytest.mark.parametrize(("role", "action", "state"), CASES)
def test_permission_matrix(client, people, role, action, state):
    article = article_in(state, people)
    if people[role] is not None:
        client.force_login(people[role])
    before = fingerprint(article.pk)
    response = perform(client, action, article)
    allowed = expected(role, action, state)
    assert took_effect(action, article, before, response) is allowed, (role, action, state, response.status_code)
    if not allowed and action not in PAGE_ACTIONS[:1]:
        assert fingerprint(article.pk) == before
    if not allowed and action in ("open", "history", "preview", "list"):
        assert article.headline not in response.text


# --- forged requests -----------------------------------------------------------------------------------


def test_correspondent_cannot_publish_by_forged_status_and_time(client, people):
    article = article_in("draft", people)
    client.force_login(people["author"])
    forged = change_form_data(
        article,
        headline="Forged",
        status="published",
        publish_at="2020-01-01T00:00",
        version=99,
        first_published_at="2020-01-01",
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), forged)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.status, article.publish_at, article.version) == ("Forged", S.DRAFT, None, 2)
    assert not Article.objects.live().filter(pk=article.pk).exists()


def test_correspondent_add_form_ignores_forged_status(client, people):
    client.force_login(people["author"])
    data = change_form_data(ArticleFactory.build(headline="Tajikistan: Forged Live Story"), status="published")
    data.pop("base_version")
    data |= {"bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0, "publish_at": "2020-01-01T00:00"}
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(headline="Tajikistan: Forged Live Story")
    assert (article.status, article.publish_at) == (S.DRAFT, None)
    # The creator became the first byline.
    assert list(article.bylines.values_list("correspondent__user__username", "position")) == [("author", 0)]


def test_add_form_with_a_headline_that_is_a_site_address_gets_a_slug_that_is_not(client, people):
    client.force_login(people["author"])
    data = change_form_data(ArticleFactory.build(headline="Search"))
    data.pop("base_version")
    data |= {"slug": "", "bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get(headline="Search").slug == "search-2"


def test_correspondent_cannot_drop_own_byline_by_forged_inline(client, people):
    article = article_in("draft", people)
    client.force_login(people["author"])
    data = change_form_data(article, headline="Handed over")
    data["bylines-0-DELETE"] = "on"
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Your own byline must stay on the article." in response.text
    assert fingerprint(article.pk)[3] != "Handed over"
    assert Byline.objects.filter(article=article, correspondent=people["author"].correspondent).exists()


def test_correspondent_cannot_cite_another_correspondents_confidential_source(client, people):
    article = article_in("draft", people)
    hidden = ConfidentialSourceFactory(name="Zarina Hiddenname", added_by=people["other_correspondent"])
    client.force_login(people["author"])
    data = change_form_data(article) | {
        "citations-TOTAL_FORMS": 1,
        "citations-0-source": hidden.pk,
        "citations-0-position": 0,
        "citations-0-role": "",
        "citations-0-descriptor": "",
        "citations-0-quote": "",
    }
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Hiddenname" not in response.text
    assert not Citation.objects.filter(article=article).exists()


def test_byline_editor_cannot_publish_own_article_through_the_change_form_button(client, people):
    article = article_in("approved", people)
    client.force_login(people["byline_editor"])
    data = change_form_data(article, _transition="publish")
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)
    article.refresh_from_db()
    assert article.status == S.APPROVED


def test_correspondent_bulk_publish_action_is_refused(client, people):
    article = article_in("submitted", people)
    client.force_login(people["author"])
    before = fingerprint(article.pk)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    assert fingerprint(article.pk) == before


def test_editor_bulk_approve_reports_refusals_and_approves_the_rest(client, people):
    mine = article_in("submitted", people)
    theirs = ArticleFactory(status=S.SUBMITTED)
    client.force_login(people["byline_editor"])
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert "another editor must approve or publish it" in response.text
    assert Article.objects.get(pk=theirs.pk).status == S.APPROVED
    assert Article.objects.get(pk=mine.pk).status == S.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_source_autocomplete_hides_other_peoples_confidential_sources(client, people, role):
    source = ConfidentialSourceFactory(
        name="Gulnara Secretname", public_descriptor="a lawyer in Taraz", added_by=people["author"]
    )
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "citation", "field_name": "source", "term": "lawyer"},
    )
    found = response.status_code == 200 and f'"id": "{source.pk}"' in response.text.replace('"id":"', '"id": "')
    assert found is (role in EDITORS | {"author"})
    assert "Secretname" not in response.text


def test_matrix_size():
    """The matrix covers every role, action and state (and says how many cases run)."""
    assert len(CASES) == len(ROLES) * (len(PAGE_ACTIONS) + len(TRANSITIONS)) * len(STATES) == 588


# --- bylines are the desk's to give ----------------------------------------------------------------------


def colleague():
    return CorrespondentFactory(user=UserFactory(username="colleague"), byline_name="Pseudonymous Colleague")


def test_correspondent_cannot_add_a_colleague_as_co_byline_by_forged_inline(client, people):
    article = article_in("draft", people)
    other = colleague()
    client.force_login(people["author"])
    data = change_form_data(article, headline="Kyrgyzstan: Now With A Co-Author") | {
        "bylines-TOTAL_FORMS": 3,
        "bylines-2-correspondent": other.pk,
        "bylines-2-position": 2,
        "bylines-2-author_line": "",
    }

    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert not Byline.objects.filter(article=article, correspondent=other).exists()


def test_correspondent_cannot_swap_their_line_for_a_colleague_or_remove_a_co_author(client, people):
    article = article_in("draft", people)
    other = colleague()
    client.force_login(people["author"])
    before = fingerprint(article.pk)
    swapped = change_form_data(article, headline="Swapped") | {"bylines-0-correspondent": other.pk}
    removed = change_form_data(article, headline="Removed") | {"bylines-1-DELETE": "on"}

    for data in (swapped, removed):
        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
        assert response.status_code == 200
        assert "Only an editor can add, remove or change a colleague&#x27;s byline" in response.text

    assert fingerprint(article.pk) == before


def test_correspondent_may_reorder_and_rewrite_their_own_author_line(client, people):
    article = article_in("draft", people)
    client.force_login(people["author"])
    data = change_form_data(article) | {"bylines-0-position": 5, "bylines-0-author_line": "Aigerim reports from Osh."}

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    own = Byline.objects.get(article=article, correspondent=people["author"].correspondent)
    assert (own.position, own.author_line) == (5, "Aigerim reports from Osh.")


def test_editor_adds_a_colleague_as_co_byline(client, people):
    article = article_in("draft", people)
    other = colleague()
    client.force_login(people["editor"])
    data = change_form_data(article) | {
        "bylines-TOTAL_FORMS": 3,
        "bylines-2-correspondent": other.pk,
        "bylines-2-position": 2,
        "bylines-2-author_line": "",
    }

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert Byline.objects.filter(article=article, correspondent=other).exists()


# --- another's draft: 404, the same as a missing id, recorded ------------------------------------------------


@pytest.mark.parametrize("view", ["change", "history", "delete", "preview"])
def test_another_correspondents_draft_answers_like_a_missing_one_and_is_recorded(client, people, view):
    article = article_in("draft", people)
    missing = Article.objects.order_by("-pk").first().pk + 100
    client.force_login(people["other_correspondent"])
    before = fingerprint(article.pk)

    hidden = client.get(reverse(f"admin:articles_article_{view}", args=[article.pk]))
    absent = client.get(reverse(f"admin:articles_article_{view}", args=[missing]))

    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
    assert fingerprint(article.pk) == before
    refused = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).order_by("id")
    assert [(e.actor_label, e.target_type, e.target_id) for e in refused] == [
        ("other_correspondent", "articles.article", str(article.pk)),
        ("other_correspondent", "", ""),
    ]
