"""Proposed organisations: a correspondent proposes and cites at once, an editor confirms or merges."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from people import organisations
from people.models import Organisation
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:people_organisation_add")
CHANGELIST = reverse("admin:people_organisation_changelist")


@pytest.fixture
def writer():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza")


def propose_through_the_desk(client, user, name="Jalal-Abad Water Users Union", acronym="JWUU"):
    client.force_login(user)
    response = client.post(ADD, {"name": name, "acronym": acronym, "kind": "ngo"})
    assert response.status_code == 302, response.content
    return Organisation.objects.get(name=name)


def test_correspondent_creates_an_organisation_as_a_proposal(client, writer):
    client.force_login(writer)
    page = client.get(ADD)
    assert "appears on the public site once an editor confirms it" in page.text
    assert 'name="is_proposed"' not in page.text

    proposal = propose_through_the_desk(client, writer)

    assert proposal.is_proposed and proposal.proposed_by == writer
    assert str(proposal) == "Jalal-Abad Water Users Union (JWUU) [proposed]"


def test_correspondent_cannot_create_a_confirmed_organisation_by_a_forged_post(client, writer):
    client.force_login(writer)
    client.post(ADD, {"name": "Forged Bureau", "kind": "ngo", "is_proposed": ""})
    assert Organisation.objects.get(name="Forged Bureau").is_proposed


def test_editor_creates_confirmed_organisations(client, editor):
    organisation = propose_through_the_desk(client, editor, name="Ministry of Water", acronym="")
    assert not organisation.is_proposed and organisation.proposed_by is None


def test_a_proposal_is_seen_and_cited_by_its_author_only(client, writer):
    proposal = propose_through_the_desk(client, writer)
    colleague = CorrespondentUserFactory(username="bakyt")
    autocomplete = reverse("admin:autocomplete")
    query = {"app_label": "articles", "model_name": "citation", "field_name": "organisation", "term": "Jalal"}

    assert "Jalal-Abad" in client.get(autocomplete, query).text
    other_client = Client()
    other_client.force_login(colleague)
    assert "Jalal-Abad" not in other_client.get(autocomplete, query).text
    assert "Jalal-Abad" not in other_client.get(CHANGELIST).text
    assert other_client.get(reverse("admin:people_organisation_change", args=[proposal.pk])).status_code == 302

    # The author cites it on their own draft at once.
    client.force_login(writer)
    article = ArticleFactory()
    BylineFactory(article=article, correspondent=writer.correspondent)
    data = change_form_data(article) | {
        "citations-TOTAL_FORMS": 1,
        "citations-0-organisation": proposal.pk,
        "citations-0-role": "",
        "citations-0-position": 0,
    }
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert article.citations.get().organisation == proposal
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Proposed organisations:" in page and "Readers will not see it until an editor confirms it" in page

    # A colleague cannot cite it by a forged id.
    other = ArticleFactory()
    BylineFactory(article=other, correspondent=colleague.correspondent)
    client = other_client
    data = change_form_data(other) | {"citations-TOTAL_FORMS": 1, "citations-0-organisation": proposal.pk}
    response = client.post(reverse("admin:articles_article_change", args=[other.pk]), data)
    assert response.status_code == 200 and not other.citations.exists()


def test_author_corrects_own_proposal_until_confirmed_but_never_a_confirmed_organisation(client, writer, editor):
    proposal = propose_through_the_desk(client, writer)
    change = reverse("admin:people_organisation_change", args=[proposal.pk])
    client.post(change, {"name": proposal.name, "acronym": "JAWUU", "kind": "ngo", "is_proposed": ""})
    proposal.refresh_from_db()
    assert proposal.acronym == "JAWUU" and proposal.is_proposed  # the flag is not theirs to clear

    organisations.confirm(proposal, by=editor)
    response = client.post(change, {"name": proposal.name, "acronym": "X", "kind": "ngo"})
    assert response.status_code == 403
    assert Organisation.objects.get(pk=proposal.pk).acronym == "JAWUU"


def test_editor_sees_proposals_marked_and_confirms_them(client, writer, editor):
    proposal = propose_through_the_desk(client, writer)
    client.force_login(editor)
    listing = client.get(CHANGELIST, {"is_proposed__exact": "1"}).text
    assert "Jalal-Abad Water Users Union" in listing and "<strong>Proposed</strong> by aigerim" in listing

    client.post(CHANGELIST, {"action": "confirm_selected", "_selected_action": [proposal.pk]})

    proposal.refresh_from_db()
    assert not proposal.is_proposed and str(proposal) == "Jalal-Abad Water Users Union (JWUU)"


def test_correspondent_cannot_confirm_by_a_forged_action(client, writer):
    proposal = propose_through_the_desk(client, writer)
    client.post(CHANGELIST, {"action": "confirm_selected", "_selected_action": [proposal.pk]})
    assert Organisation.objects.get(pk=proposal.pk).is_proposed
    with pytest.raises(PermissionDenied):
        organisations.confirm(proposal, by=writer)


def test_editor_merges_a_proposal_into_an_existing_organisation_carrying_its_citations(client, writer, editor):
    existing = OrganisationFactory(name="Kazakhstan International Bureau for Human Rights", acronym="KIBHR")
    proposal = propose_through_the_desk(client, writer, name="Kazakstan Bureau for Human Rights", acronym="KBHR")
    citations = [CitationFactory(organisation=proposal), CitationFactory(organisation=proposal)]
    affiliation = AffiliationFactory(organisation=proposal, role="")
    client.force_login(editor)

    page = client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [proposal.pk]})
    assert "Merge proposed organisations" in page.text
    client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [proposal.pk], "into": existing.pk})

    assert not Organisation.objects.filter(pk=proposal.pk).exists()
    for citation in citations:
        citation.refresh_from_db()
        assert citation.organisation == existing
    affiliation.refresh_from_db()
    assert affiliation.organisation == existing
    existing.refresh_from_db()
    assert existing.alias_list == ["Kazakstan Bureau for Human Rights", "KBHR"]


def test_merge_refuses_a_confirmed_organisation_a_proposal_as_target_and_itself(writer, editor):
    confirmed = OrganisationFactory()
    proposal = organisations.propose(Organisation(name="Proposal A"), by=writer)
    proposal.save()
    other = organisations.propose(Organisation(name="Proposal B"), by=writer)
    other.save()
    with pytest.raises(ValidationError):
        organisations.merge(confirmed, into=OrganisationFactory(), by=editor)
    with pytest.raises(ValidationError):
        organisations.merge(proposal, into=other, by=editor)
    with pytest.raises(ValidationError):
        organisations.merge(proposal, into=proposal, by=editor)
    with pytest.raises(PermissionDenied):
        organisations.merge(proposal, into=confirmed, by=writer)
    assert Organisation.objects.filter(pk__in=[proposal.pk, other.pk]).count() == 2


def test_visible_to_and_can_change_agree(writer, editor):
    colleague = CorrespondentUserFactory(username="bakyt")
    mine = organisations.propose(Organisation(name="Mine"), by=writer)
    mine.save()
    theirs = organisations.propose(Organisation(name="Theirs"), by=colleague)
    theirs.save()
    confirmed = OrganisationFactory(name="Confirmed")
    for user in (writer, colleague, editor):
        visible = set(Organisation.objects.visible_to(user))
        for organisation in (mine, theirs, confirmed):
            if organisations.can_change(user, organisation):
                assert organisation in visible
    assert set(Organisation.objects.visible_to(writer)) == {mine, confirmed}
    assert set(Organisation.objects.visible_to(editor)) == {mine, theirs, confirmed}
    assert set(Organisation.objects.confirmed()) == {confirmed}
