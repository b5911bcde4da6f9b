"""Unnamed sources under governance: justification, an editor's sign-off, and no publication without both."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Citation
from insights import governance
from insights.models import Justification, SignOff
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza")


@pytest.fixture
def second_editor():
    return EditorFactory(username="erlan")


@pytest.fixture
def story(author):
    article = ArticleFactory(status=S.APPROVED, headline="Kyrgyzstan: Teachers Unpaid")
    BylineFactory(article=article, correspondent=author.correspondent)
    named = CitationFactory(article=article, source=SourceFactory(name="Cholpon Named"), organisation=None)
    anonymous = CitationFactory(
        article=article,
        source=SourceFactory(name="Asel Hidden"),
        organisation=None,
        is_anonymous=True,
        descriptor="an official in the regional education department",
    )
    confidential = CitationFactory(
        article=article,
        source=ConfidentialSourceFactory(public_descriptor="a teacher in Balkh province"),
        organisation=None,
    )
    return {"article": article, "named": named, "anonymous": anonymous, "confidential": confidential}


def justify(citation, by):
    """The justification as its author writes it: while the story is still theirs (a draft)."""
    article = Article.objects.get(pk=citation.article_id)
    Article.objects.filter(pk=article.pk).update(status=S.DRAFT)
    try:
        return governance.justify(
            citation,
            by=by,
            reason="risk",
            explanation="Named, she could lose her post.",
            reliability="She showed the payroll order to our correspondent.",
        )
    finally:
        Article.objects.filter(pk=article.pk).update(status=article.status)


def test_needs_governance_and_the_query_agree():
    article = ArticleFactory()
    rows = [
        CitationFactory(article=article, organisation=OrganisationFactory()),
        CitationFactory(article=article, source=SourceFactory(), organisation=None),
        CitationFactory(article=article, source=SourceFactory(), organisation=None, is_anonymous=True),
        CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None),
        CitationFactory(article=article, organisation=OrganisationFactory(), is_anonymous=True),
    ]
    in_python = {c.pk for c in rows if governance.needs_governance(c)}
    assert in_python == set(governance.governed().values_list("pk", flat=True)) == {r.pk for r in rows[2:]}


def test_publishing_is_refused_with_a_message_naming_the_citations(story, editor):
    article = story["article"]
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.publish(article, by=editor)
    message = " ".join(refused.value.messages)
    assert "“an official in the regional education department” (needs a justification)" in message
    assert "“a teacher in Balkh province” (needs a justification)" in message
    assert "Cholpon Named" not in message and "Asel Hidden" not in message
    article.refresh_from_db()
    assert (article.status, article.version, article.events.count()) == (S.APPROVED, 1, 0)


def test_scheduling_and_republishing_are_refused_too(story, editor, author, second_editor):
    article = story["article"]
    with pytest.raises(workflow.WorkflowError, match="needs a justification"):
        workflow.publish(article, by=editor, at=timezone.now() + dt.timedelta(days=1))
    Article.objects.filter(pk=article.pk).update(status=S.WITHDRAWN, publish_at=timezone.now())
    article.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="needs a justification"):
        workflow.republish(article, by=editor)


def test_justified_and_signed_off_story_publishes(story, author, editor):
    for key in ("anonymous", "confidential"):
        justify(story[key], author)
    with pytest.raises(workflow.WorkflowError, match="waiting for an editor's sign-off"):
        workflow.publish(story["article"], by=editor)
    for key in ("anonymous", "confidential"):
        signed = governance.sign_off(story[key], by=editor)
        assert (signed.signed_by, governance.status(Citation.objects.get(pk=story[key].pk))) == (editor, "signed")
    workflow.publish(story["article"], by=editor)
    story["article"].refresh_from_db()
    assert story["article"].is_live()


@pytest.mark.parametrize(
    "change",
    [
        {"descriptor": "a district official"},
        {"quote": "We have not been paid since May."},
        {"role": "deputy head"},
        {"is_anonymous": False},
    ],
)
def test_any_change_to_the_citation_clears_the_sign_off(story, author, editor, change):
    citation = story["anonymous"]
    justify(citation, author)
    governance.sign_off(citation, by=editor)
    Citation.objects.filter(pk=citation.pk).update(**change)
    fresh = Citation.objects.select_related("justification", "sign_off", "source").get(pk=citation.pk)
    if governance.needs_governance(fresh):
        assert governance.status(fresh) == "unsigned"
    with pytest.raises(workflow.WorkflowError, match="sign-off"):
        workflow.publish(story["article"], by=editor)


def test_rewriting_the_justification_clears_the_sign_off(story, author, editor):
    citation = story["anonymous"]
    justify(citation, author)
    governance.sign_off(citation, by=editor)
    governance.justify(citation, by=editor, reason="legal", explanation="A contract.", reliability="Documents.")
    fresh = Citation.objects.get(pk=citation.pk)
    assert governance.status(fresh) == "unsigned"
    assert SignOff.objects.filter(citation=citation).exists()  # kept, but no longer matching


def test_author_cannot_sign_off_their_own_story(story, author):
    # An editor who is also a byline on the story: two-person rule, as for publishing.
    byline_editor = EditorFactory(username="byline-editor")
    BylineFactory(article=story["article"], correspondent=CorrespondentFactory(user=byline_editor), position=1)
    justify(story["anonymous"], author)
    with pytest.raises(workflow.WorkflowError, match="another editor must sign off"):
        governance.sign_off(story["anonymous"], by=byline_editor)
    assert not SignOff.objects.exists()


def test_editor_cannot_sign_off_a_justification_they_wrote(story, editor, second_editor):
    justify(story["anonymous"], editor)
    with pytest.raises(workflow.WorkflowError, match="You wrote this justification"):
        governance.sign_off(story["anonymous"], by=editor)
    governance.sign_off(story["anonymous"], by=second_editor)


def test_correspondent_cannot_sign_off_by_forged_post(story, author, client):
    citation = story["anonymous"]
    justify(citation, author)
    Article.objects.filter(pk=story["article"].pk).update(status=S.DRAFT)
    client.force_login(author)
    url = reverse("insights:citation", args=[citation.pk])
    assert "Sign off this unnamed source" not in client.get(url).content.decode()
    response = client.post(url, {"action": "sign_off"})
    assert response.status_code == 403
    assert not SignOff.objects.exists()


def test_correspondent_writes_the_justification_on_their_story_and_nobody_else_can(story, author, client):
    citation = story["anonymous"]
    Article.objects.filter(pk=story["article"].pk).update(status=S.DRAFT)
    client.force_login(CorrespondentUserFactory(username="stranger"))
    url = reverse("insights:citation", args=[citation.pk])
    assert client.get(url).status_code == 404
    post = {"action": "justify", "reason": "risk", "explanation": "Fear.", "reliability": "Docs."}
    assert client.post(url, post).status_code == 404
    assert not Justification.objects.exists()

    client.force_login(author)
    response = client.post(url, post)
    assert response.status_code == 302
    justification = Justification.objects.get(citation=citation)
    assert (justification.reason, justification.reliability, justification.written_by) == ("risk", "Docs.", author)


def test_justification_is_stored_encrypted(story, author):
    justify(story["anonymous"], author)
    with connection.cursor() as cursor:
        cursor.execute("SELECT explanation, reliability FROM insights_justification")
        stored = " ".join(cursor.fetchone())
    assert "post" not in stored and "payroll" not in stored


def test_editor_signs_off_from_the_page_and_a_stale_page_is_refused(story, author, editor, client):
    citation = story["anonymous"]
    justify(citation, author)
    client.force_login(editor)
    url = reverse("insights:citation", args=[citation.pk])
    page = client.get(url).content.decode()
    assert "Sign off this unnamed source" in page and "payroll order" in page
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    governance.justify(citation, by=EditorFactory(), reason="other", explanation="Changed.", reliability="Changed.")
    client.post(url, {"action": "sign_off", "fingerprint": fingerprint})
    assert not SignOff.objects.exists()
    fingerprint = client.get(url).content.decode().split('name="fingerprint" value="')[1].split('"')[0]
    response = client.post(url, {"action": "sign_off", "fingerprint": fingerprint, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert SignOff.objects.get(citation=citation).signed_by == editor


def test_sign_off_queue_lists_waiting_stories_for_editors_only(story, author, editor, client):
    justify(story["anonymous"], author)
    live = ArticleFactory(live=True, headline="Already live with an old unsigned citation")
    CitationFactory(article=live, source=SourceFactory(), organisation=None, is_anonymous=True)
    for _ in range(3):
        other = ArticleFactory(status=S.SUBMITTED)
        CitationFactory(article=other, source=SourceFactory(), organisation=None, is_anonymous=True, descriptor="x")
    client.force_login(author)
    assert client.get(reverse("insights:sign_off_queue")).status_code == 403
    client.force_login(editor)
    page = client.get(reverse("insights:sign_off_queue")).content.decode()
    assert "Kyrgyzstan: Teachers Unpaid" in page
    assert "waiting for an editor&#x27;s sign-off" in page and "needs a justification" in page
    assert "Already live" not in page
    assert "Asel Hidden" not in page


def test_sign_off_queue_query_count_does_not_grow(editor, client):
    def add_stories(n):
        for _ in range(n):
            article = ArticleFactory(status=S.SUBMITTED)
            BylineFactory(article=article)
            CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None)

    client.force_login(editor)
    add_stories(1)

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("insights:sign_off_queue"))
    add_stories(29)
    with CaptureQueriesContext(connection) as thirty:
        page = client.get(reverse("insights:sign_off_queue")).content.decode()
    assert page.count("needs a justification") == 30
    assert len(thirty) == len(one)


def test_the_hook_is_registered_with_the_workflow():
    assert governance.check_before_going_live in workflow._before_going_live
    assert {t.name for t in workflow.TRANSITIONS.values() if t.goes_live} == {"publish", "reschedule", "republish"}


@pytest.mark.django_db(transaction=True)
def test_publish_refusal_and_sign_off_on_postgresql_in_committed_transactions(author, editor):
    """The workflow-level rule with real commits and row locks (PostgreSQL when the suite runs there)."""
    article = ArticleFactory(status=S.SUBMITTED)
    BylineFactory(article=article, correspondent=author.correspondent)
    citation = CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None)
    with pytest.raises(workflow.WorkflowError, match="needs a justification"):
        workflow.publish(article, by=editor)
    justify(citation, author)
    with pytest.raises(workflow.WorkflowError, match="sign-off"):
        workflow.publish(article, by=editor)
    governance.sign_off(citation, by=editor)
    workflow.publish(article, by=editor)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    Citation.objects.filter(pk=citation.pk).update(role="changed after publication")
    assert [state for _, state in governance.outstanding(article)] == ["unsigned"]


def test_article_form_shows_unnamed_sources_with_inline_justification_and_sign_off(story, author, editor, client):
    Article.objects.filter(pk=story["article"].pk).update(status=S.DRAFT)
    client.force_login(author)
    change = reverse("admin:articles_article_change", args=[story["article"].pk])
    panel = client.get(change).content.decode().split('id="insights-panel"')[1].split("</section>")[0]
    assert panel.count(">needs a justification<") == 2
    assert "Save the justification" in panel and ">Sign off<" not in panel
    assert "Asel Hidden" not in panel  # the desk sees the citation by its public descriptor here

    url = reverse("insights:citation", args=[story["anonymous"].pk])
    post = {"action": "justify", "reason": "legal", "explanation": "A contract.", "reliability": "Documents."}
    answer = client.post(url, post, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert answer.json()["state"] == "unsigned" and answer.json()["label"] == "waiting for an editor's sign-off"

    Article.objects.filter(pk=story["article"].pk).update(status=S.SUBMITTED)
    client.force_login(editor)
    panel = client.get(change).content.decode().split('id="insights-panel"')[1].split("</section>")[0]
    assert panel.count(">Sign off<") == 1 and "A contract." in panel
    fingerprint = answer.json()["fingerprint"]
    signed = client.post(url, {"action": "sign_off", "fingerprint": fingerprint}, HTTP_ACCEPT="application/json")
    assert signed.status_code == 200 and signed.json()["state"] == "signed"
    again = client.post(url, {"action": "sign_off", "fingerprint": "stale"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 409 and "changed after you opened" in again.json()["message"]


def test_the_article_panel_costs_the_same_queries_for_one_unnamed_source_or_ten(editor, rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.template import Context, Template

    template = Template("{% load insights_desk %}{% article_insights as panel %}{{ panel.unnamed|length }}")

    def render(article):
        request = rf.get("/")
        request.user, request.session = editor, SessionStore()
        with CaptureQueriesContext(connection) as queries:
            out = template.render(Context({"request": request, "original": article}))
        return out, len(queries)

    def story_with(n):
        article = ArticleFactory(status=S.SUBMITTED, body="<p>KIBHR and Freedom House said.</p>")
        BylineFactory(article=article)
        for _ in range(n):
            citation = CitationFactory(article=article, source=SourceFactory(), organisation=None, is_anonymous=True)
            Justification.objects.create(citation=citation, reason="risk", explanation="x", reliability="y")
        return article

    OrganisationFactory(name="Freedom House")
    render(story_with(1))  # the index is built once, outside the count
    one, one_queries = render(story_with(1))
    ten, ten_queries = render(story_with(10))
    assert (one, ten) == ("1", "10")
    assert ten_queries == one_queries


def test_editors_find_the_queue_from_the_desk_index_and_correspondents_do_not(author, editor, client):
    queue = reverse("insights:sign_off_queue")
    client.force_login(editor)
    assert queue in client.get(reverse("admin:index")).content.decode()
    client.force_login(author)
    assert queue not in client.get(reverse("admin:index")).content.decode()


# --- A restored revision, and a live story edited after its sign-off ------------------------------


def test_restoring_a_revision_keeps_the_justification_and_signs_only_the_words_signed(story, author, editor):
    from articles import revisions

    article, citation = story["article"], story["anonymous"]
    justify(citation, author)
    governance.sign_off(citation, by=editor)
    signed = revisions.record_revision(article, by=editor)
    Citation.objects.filter(pk=citation.pk).update(quote="Words the editor never read.")
    article.refresh_from_db()
    article.version += 1
    article.save()
    changed = revisions.record_revision(article, by=editor)

    def state():
        fresh = Citation.objects.get(article=article, descriptor=citation.descriptor)
        return Justification.objects.filter(citation=fresh).exists(), governance.status(fresh)

    assert state() == (True, "unsigned")
    second = EditorFactory()
    workflow.restore(signed, by=second)  # back to the words the editor signed
    assert state() == (True, "signed")
    workflow.restore(changed, by=second)  # and to words nobody signed
    assert state() == (True, "unsigned")
    # A citation the revision holds and the story no longer does comes back unjustified.
    Citation.objects.filter(pk=story["confidential"].pk).delete()
    workflow.restore(signed, by=second)
    restored = Citation.objects.get(article=article, source=story["confidential"].source)
    assert governance.status(restored) == governance.UNJUSTIFIED
    with pytest.raises(workflow.WorkflowError, match="needs a justification"):
        workflow.publish(article, by=editor)


def test_a_live_story_edited_after_sign_off_is_queued_again_and_its_facts_follow(
    story, author, editor, second_editor, client, monkeypatch, django_capture_on_commit_callbacks
):
    from insights import facts, report
    from tests.articles.test_admin_permissions import change_form_data

    article = story["article"]
    for key in ("anonymous", "confidential"):
        justify(story[key], author)
        governance.sign_off(story[key], by=editor)
    workflow.publish(article, by=second_editor)
    article.refresh_from_db()
    client.force_login(editor)
    queue = reverse("insights:sign_off_queue")
    assert "Kyrgyzstan: Teachers Unpaid" not in client.get(queue).text
    facts.refresh([article.pk])
    assert report.sources_over_time(report.Scope.last_year()).rows[-1][1:4] == [1, 1, 1]

    # The editor rewrites the anonymous quote and makes the named source anonymous, on the live story.
    data = change_form_data(article) | {
        "citations-TOTAL_FORMS": 3,
        "citations-INITIAL_FORMS": 3,
        "bylines-0-role": "author",
    }
    for i, key in enumerate(("named", "anonymous", "confidential")):
        c = story[key]
        data |= {
            f"citations-{i}-id": c.pk,
            f"citations-{i}-article": article.pk,
            f"citations-{i}-source": c.source_id,
            f"citations-{i}-organisation": "",
            f"citations-{i}-role": c.role,
            f"citations-{i}-descriptor": c.descriptor,
            f"citations-{i}-quote": c.quote,
            f"citations-{i}-position": c.position,
        }
        if c.is_anonymous:
            data[f"citations-{i}-is_anonymous"] = "on"
    data |= {"citations-0-is_anonymous": "on", "citations-0-descriptor": "a parent in Osh"}
    data["citations-1-quote"] = "We were told to say nothing."
    monkeypatch.setattr(facts, "schedule", facts.queue_refresh)  # the real path: a task after the commit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.text[:2000]
    article.refresh_from_db()
    assert article.is_live()

    page = client.get(queue).text
    assert "Kyrgyzstan: Teachers Unpaid" in page
    assert "“an official in the regional education department”: <strong>waiting for an editor" in page
    assert "“a parent in Osh”: <strong>needs a justification" in page
    assert "a teacher in Balkh province" not in page  # still signed off as it stands
    assert "Cholpon Named" not in page and "Asel Hidden" not in page
    # The report counts the newly unnamed source as anonymous.
    assert report.sources_over_time(report.Scope.last_year()).rows[-1][1:4] == [0, 2, 1]
