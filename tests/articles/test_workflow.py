"""The state machine of articles/workflow.py: every step allowed and refused, recorded, and mailed."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from articles import workflow
from articles.forms import ArticleAdminForm
from articles.models import Article, Notification, Revision, WorkflowEvent
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrespondentFactory,
    CorrespondentUserFactory,
    EditorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def other_correspondent():
    return CorrespondentUserFactory(username="bakyt")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza")


@pytest.fixture
def second_editor():
    return EditorFactory(username="erlan")


def story(author, status=S.DRAFT, **kwargs):
    if status == S.PUBLISHED:
        kwargs.setdefault("publish_at", timezone.now() - HOUR)
    article = ArticleFactory(status=status, **kwargs)
    BylineFactory(article=article, correspondent=author.correspondent)
    return article


def call(name, article, user, **kwargs):
    """Run a transition by its table name with whatever arguments it needs."""
    functions = {
        "submit": lambda: workflow.submit(article, by=user, **kwargs),
        "return": lambda: workflow.return_to_author(
            article, by=user, note=kwargs.pop("note", "Please add a source."), **kwargs
        ),
        "approve": lambda: workflow.approve(article, by=user, **kwargs),
        "publish": lambda: workflow.publish(article, by=user, **kwargs),
        "reschedule": lambda: workflow.reschedule(
            article, by=user, at=kwargs.pop("at", timezone.now() + 2 * HOUR), **kwargs
        ),
        "cancel_schedule": lambda: workflow.cancel_schedule(article, by=user, **kwargs),
        "withdraw": lambda: workflow.withdraw(article, by=user, reason=kwargs.pop("reason", "Legal risk."), **kwargs),
        "republish": lambda: workflow.republish(article, by=user, **kwargs),
    }
    return functions[name]()


def snapshot(article):
    article.refresh_from_db()
    return (article.status, article.publish_at, article.version, article.events.count(), article.revisions.count())


# --- every (transition, state) pair, by an editor who is not a byline --------------------------------

STATES = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.PUBLISHED, "scheduled", S.WITHDRAWN]


def build_in_state(author, state):
    if state == "scheduled":
        return story(author, S.PUBLISHED, publish_at=timezone.now() + 3 * HOUR)
    return story(author, state)


@pytest.mark.parametrize("name", list(workflow.TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_each_transition_from_each_state_follows_the_table(name, state, author, editor):
    article = build_in_state(author, state)
    transition = workflow.TRANSITIONS[name]
    status = S.PUBLISHED if state == "scheduled" else state
    allowed = status in transition.sources and (not transition.scheduled_only or state == "scheduled")
    before = snapshot(article)
    if allowed:
        event = call(name, article, editor)
        article.refresh_from_db()
        assert article.status == transition.target
        assert event.actor == editor and event.action == name
        assert (event.from_status, event.to_status) == (status, transition.target)
        assert article.version == before[2] + 1
        assert Revision.objects.filter(article=article, version=article.version).exists()
    else:
        with pytest.raises(workflow.WorkflowError, match="not possible|not scheduled"):
            call(name, article, editor)
        assert snapshot(article) == before


# --- who may act ---------------------------------------------------------------------------------------


def test_author_submits_their_draft_and_it_is_recorded(author):
    article = story(author)
    workflow.submit(article, by=author)
    article.refresh_from_db()
    assert article.status == S.SUBMITTED
    assert article.submitted_at is not None
    event = article.events.get()
    assert (event.actor, event.from_status, event.to_status) == (author, S.DRAFT, S.SUBMITTED)


def test_correspondent_cannot_submit_someone_elses_draft(author, other_correspondent):
    article = story(author)
    before = snapshot(article)
    with pytest.raises(workflow.WorkflowError, match="cannot see this article"):
        workflow.submit(article, by=other_correspondent)
    assert snapshot(article) == before


@pytest.mark.parametrize("name", ["return", "approve", "publish", "withdraw", "republish"])
def test_correspondent_cannot_take_editor_steps_even_on_own_article(name, author):
    state = {"withdraw": S.PUBLISHED, "republish": S.WITHDRAWN}.get(name, S.SUBMITTED)
    article = story(author, state)
    before = snapshot(article)
    with pytest.raises(workflow.WorkflowError, match="permission"):
        call(name, article, author)
    assert snapshot(article) == before


def test_staff_user_without_a_role_cannot_publish():
    article = ArticleFactory(status=S.APPROVED)
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(article, by=UserFactory(username="nobody"))
    article.refresh_from_db()
    assert article.status == S.APPROVED


@pytest.mark.parametrize("name", ["approve", "publish"])
def test_editor_who_is_a_byline_cannot_approve_or_publish_own_article(name, editor, second_editor):
    article = ArticleFactory(status=S.SUBMITTED)
    BylineFactory(article=article, correspondent=CorrespondentFactory(user=editor))
    before = snapshot(article)
    with pytest.raises(workflow.WorkflowError, match="another editor must"):
        call(name, article, editor)
    assert snapshot(article) == before
    call(name, article, second_editor)
    article.refresh_from_db()
    assert article.status == workflow.TRANSITIONS[name].target


@pytest.mark.parametrize("name", ["return", "withdraw"])
def test_return_and_withdraw_need_a_comment(name, author, editor):
    article = story(author, S.SUBMITTED if name == "return" else S.PUBLISHED)
    before = snapshot(article)
    kwargs = {"note": "  "} if name == "return" else {"reason": ""}
    with pytest.raises(workflow.WorkflowError, match="needs a comment"):
        call(name, article, editor, **kwargs)
    assert snapshot(article) == before


def test_return_note_is_recorded_for_the_author(author, editor):
    article = story(author, S.SUBMITTED)
    workflow.return_to_author(article, by=editor, note="The second quote needs the speaker's role.")
    event = article.events.get(action="return")
    assert event.comment == "The second quote needs the speaker's role."
    assert Article.objects.get(pk=article.pk).status == S.RETURNED


def test_stale_version_is_refused_with_who_saved(author, editor):
    article = story(author, S.SUBMITTED)
    opened_at = article.version
    workflow.approve(article, by=editor)
    stale = Article.objects.get(pk=article.pk)
    before = snapshot(stale)
    with pytest.raises(workflow.WorkflowError, match="dilnoza saved this article"):
        workflow.return_to_author(stale, by=editor, note="Late note", version=opened_at)
    assert snapshot(stale) == before


def test_available_lists_only_steps_the_user_may_take(author, editor):
    article = story(author, S.SUBMITTED)
    assert [t.name for t in workflow.available(article, author)] == []
    assert [t.name for t in workflow.available(article, editor)] == ["submit", "return", "approve", "publish"][1:]


# --- scheduling with a controlled clock ------------------------------------------------------------------


def test_publish_with_future_time_schedules_and_goes_live_without_a_worker(author, editor):
    article = story(author, S.APPROVED)
    start = timezone.now()
    at = start + 2 * HOUR
    workflow.publish(article, by=editor, at=at)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.is_scheduled
    assert not Article.objects.live(at=start).filter(pk=article.pk).exists()
    with time_machine.travel(at + dt.timedelta(minutes=1), tick=False):
        assert Article.objects.live().filter(pk=article.pk).exists()
        assert not Article.objects.get(pk=article.pk).is_scheduled


def test_reschedule_and_cancel_are_editor_steps_on_scheduled_articles(author, editor):
    article = story(author, S.APPROVED)
    workflow.publish(article, by=editor, at=timezone.now() + HOUR)
    later = timezone.now() + 5 * HOUR
    workflow.reschedule(article, by=editor, at=later)
    article.refresh_from_db()
    assert article.publish_at == later
    with pytest.raises(workflow.WorkflowError, match="permission"):
        workflow.cancel_schedule(article, by=author)
    workflow.cancel_schedule(article, by=editor)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (S.APPROVED, None)
    assert list(article.events.values_list("action", flat=True)) == ["cancel_schedule", "reschedule", "publish"]


def test_live_article_cannot_be_rescheduled(author, editor):
    article = story(author, S.PUBLISHED)
    with pytest.raises(workflow.WorkflowError, match="already live"):
        workflow.reschedule(article, by=editor, at=timezone.now() + HOUR)


def test_withdraw_and_republish_keep_the_first_publication_time(author, editor):
    article = story(author, S.APPROVED)
    workflow.publish(article, by=editor)
    first = Article.objects.get(pk=article.pk).first_published_at
    workflow.withdraw(article, by=editor, reason="A source withdrew consent.")
    assert not Article.objects.live().filter(pk=article.pk).exists()
    workflow.republish(article, by=editor)
    article.refresh_from_db()
    assert article.is_live() and article.first_published_at == first and article.withdrawn_at is None


# --- e-mail after commit -----------------------------------------------------------------------------


def test_submission_mails_editors_after_commit(author, editor, django_capture_on_commit_callbacks, settings):
    settings.NEWSROOM_MAIL_HEADLINES = True
    article = story(author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=author)
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].subject == f"Submitted for review: {article.headline}"
    note = Notification.objects.get()
    assert (note.recipient, note.email, note.event.action) == (editor, editor.email, "submit")
    assert (note.status, note.attempts) == ("sent", 1) and note.sent_at is not None


def test_return_mails_the_bylined_authors_with_the_note_when_headlines_are_on(
    author, other_correspondent, editor, django_capture_on_commit_callbacks, settings
):
    settings.NEWSROOM_MAIL_HEADLINES = True
    article = story(author, S.SUBMITTED)
    BylineFactory(article=article, correspondent=other_correspondent.correspondent, position=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_author(article, by=editor, note="Check the date of the hearing.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, other_correspondent.email])
    assert all("Check the date of the hearing." in m.body for m in mail.outbox)
    assert Notification.objects.filter(event__action="return").count() == 2


def test_refused_step_sends_no_mail(author, django_capture_on_commit_callbacks):
    article = story(author, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
        workflow.publish(article, by=author)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_mail_waits_for_the_commit_in_the_outbox(author, editor, django_capture_on_commit_callbacks):
    article = story(author)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit(article, by=author)
    assert mail.outbox == []
    assert Notification.objects.get().status == "pending"
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == "sent"


def test_every_transition_writes_one_event(author, editor, second_editor):
    article = story(author)
    workflow.submit(article, by=author)
    workflow.return_to_author(article, by=editor, note="Needs a second source.")
    workflow.submit(article, by=author)
    workflow.approve(article, by=editor)
    workflow.publish(article, by=second_editor)
    actions = list(
        WorkflowEvent.objects.filter(article=article).order_by("id").values_list("action", "actor__username")
    )
    assert actions == [
        ("submit", "aigerim"),
        ("return", "dilnoza"),
        ("submit", "aigerim"),
        ("approve", "dilnoza"),
        ("publish", "erlan"),
    ]


# --- concurrency (PostgreSQL row locks) --------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_acting_at_once_are_serialised_by_the_row_lock():
    import threading

    from django.db import connection

    author = CorrespondentUserFactory(username="aigerim")
    approver, returner = EditorFactory(username="dilnoza"), EditorFactory(username="erlan")
    article = story(author, S.SUBMITTED)
    version = article.version
    start = threading.Barrier(2)
    outcomes = {}

    def act(name, step):
        start.wait()
        try:
            step(Article.objects.get(pk=article.pk))
            outcomes[name] = "done"
        except workflow.WorkflowError as error:
            outcomes[name] = error.code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("approve", lambda a: workflow.approve(a, by=approver, version=version))),
        threading.Thread(
            target=act,
            args=("return", lambda a: workflow.return_to_author(a, by=returner, note="Recheck.", version=version)),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["done", "stale"]
    article.refresh_from_db()
    assert article.version == version + 1 and article.events.count() == 1


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.SUBMITTED, Article.Status.APPROVED])
def test_the_change_forms_buttons_cost_two_queries_however_many_steps_are_checked(status, django_assert_num_queries):
    editor = EditorFactory()
    article = ArticleFactory(status=status)
    BylineFactory(article=article)
    editor.has_perm("articles.review_article")  # permissions are cached on the user, as in a request

    with django_assert_num_queries(2):
        steps = workflow.available(article, editor)

    assert steps  # an editor always has a step to offer on these states


# --- the rules hold outside the admin (a shell, a command, a future API) -------------------------------


@pytest.mark.parametrize("name", list(workflow.TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_shell_call_by_a_correspondent_on_someone_elses_article_is_refused(name, state, author, other_correspondent):
    article = build_in_state(author, state)
    before = snapshot(article)

    with pytest.raises(workflow.WorkflowError, match="cannot see this article"):
        call(name, article, other_correspondent)

    assert snapshot(article) == before


def test_stranger_with_an_old_page_learns_nothing_of_who_saved_the_article(author, other_correspondent, editor):
    article = story(author, S.SUBMITTED)
    opened_at = article.version
    workflow.approve(article, by=editor)

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.return_to_author(article, by=other_correspondent, note="x", version=opened_at)

    assert refused.value.code == "refused"
    assert "dilnoza" not in " ".join(refused.value.messages)


def test_form_steps_and_restore_refuse_an_old_page_with_the_same_sentence(author, editor):
    article = story(author, S.SUBMITTED)
    first = workflow.revisions.record_revision(article, by=author)
    workflow.approve(article, by=editor)
    current = Article.objects.get(pk=article.pk)
    expected = workflow.stale_message(current)

    form = ArticleAdminForm(
        data={"headline": "x", "slug": current.slug, "language": "en", "base_version": first.version},
        instance=current,
    )
    with pytest.raises(workflow.WorkflowError) as step:
        workflow.return_to_author(current, by=editor, note="Late", version=first.version)
    with pytest.raises(workflow.WorkflowError) as restore:
        workflow.restore(first, by=editor, version=first.version)

    assert not form.is_valid()
    assert form.non_field_errors() == [expected]
    assert step.value.messages == restore.value.messages == [expected]


@pytest.mark.parametrize("state", STATES)
def test_editable_by_and_can_edit_agree_on_every_state(state, author, other_correspondent, editor):
    article = build_in_state(author, state)
    for user in (author, other_correspondent, editor, UserFactory(username="staff_without_role")):
        in_query = Article.objects.editable_by(user).filter(pk=article.pk).exists()
        assert in_query is workflow.can_edit(user, article), (user.username, state)
