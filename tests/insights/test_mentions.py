"""Mention detection: what a story names against what it cites, told only to those who may know it."""

import pytest
from django.urls import reverse

from articles.models import Citation, Revision
from audit.models import AuditAction, AuditEvent
from insights import mentions
from insights.mentions import ORGANISATION, SOURCE, MentionIndex
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

#: (name, acronym, alias): each organisation appears in the fixture story in all three forms.
ORGANISATIONS = [
    ("Kazakhstan International Bureau for Human Rights and Rule of Law", "KIBHR", "Kazakh Human Rights Bureau"),
    ("Human Rights Commission of Pakistan", "HRCP", "Pakistan Rights Commission"),
    ("Organization for Security and Co-operation in Europe", "OSCE", "Helsinki Organisation"),
    ("Committee to Protect Journalists", "CPJ", "Journalists' Protection Committee"),
    ("World Health Organization", "WHO", "Global Health Agency"),
    ("Adilet Legal Clinic", "ALC", "Adilet Clinic"),
    ("Бюро по правам человека", "БПЧ", "Правозащитное бюро"),
    ("Legal Aid and Defence Network", "AND", "Defence Network Osh"),
]
PEOPLE = ["Aigerim Sadykova", "Bakyt Omurov", "Иван Петров", "Dilnoza Rashidova", "Ойгул Тошева"]

STORY = """
<p>The <strong>Kazakhstan International Bureau for Human Rights and Rule of Law</strong> said on Monday that
KIBHR lawyers had not been admitted. A spokesman for the kazakh human rights bureau confirmed it.</p>
<p>The Human Rights Commission of Pakistan (HRCP) and the Pakistan Rights Commission both wrote to the
Organization for Security and Co-operation in Europe; the OSCE, once called the Helsinki Organisation, replied.</p>
<p>The Committee to Protect Journalists &amp; CPJ staff, or Journalists' Protection Committee, counted arrests.
WHO experts from the World Health Organization, the global health agency, visited.</p>
<p>Adilet Legal Clinic (ALC), the Adilet Clinic, took the case. Бюро по правам человека (БПЧ), известное как
правозащитное бюро, сообщило. The Legal Aid and Defence Network, AND for short, and the Defence Network Osh agree.</p>
<p>Aigerim Sadykova, a lawyer, spoke to Bakyt Omurov and Иван Петров. dilnoza rashidova and ОЙГУЛ ТОШЕВА agreed.</p>
<p>Who knows what the bureau and the commission will do and who will pay? Omurova and Sadykovas are other people;
KIBHRs is no acronym, and the legal clinic is no name.</p>
"""


@pytest.fixture
def named():
    organisations = [
        OrganisationFactory(name=name, acronym=acronym, aliases=alias) for name, acronym, alias in ORGANISATIONS
    ]
    people = [SourceFactory(name=name) for name in PEOPLE]
    # Names that must not be found: never in the text, or only as part of a longer word.
    OrganisationFactory(name="Ministry of Interior", acronym="MOI", aliases="Interior Ministry")
    SourceFactory(name="Omurov Bakyt Junior")
    SourceFactory(name="Sadykov")
    return organisations, people


def found_keys(text, user):
    return {(m.kind, m.obj.pk) for m in mentions.mentioned(text, user)}


def test_fixture_story_finds_every_organisation_and_person_and_nothing_else(named, django_user_model):
    organisations, people = named
    editor = EditorFactory()
    expected = {(ORGANISATION, o.pk) for o in organisations} | {(SOURCE, s.pk) for s in people}

    found = found_keys(mentions.article_text("Kazakhstan: Lawyers Barred", "", STORY), editor)

    true_positives = found & expected
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(expected)
    assert (precision, recall) == (1.0, 1.0), (found - expected, expected - found)


def test_name_acronym_and_alias_each_find_the_same_organisation(named):
    editor = EditorFactory()
    kibhr = named[0][0]
    for text in [
        "KIBHR lawyers",
        "the kazakhstan international bureau for human rights and rule of law",
        "Kazakh Human Rights Bureau",
    ]:
        assert found_keys(text, editor) == {(ORGANISATION, kibhr.pk)}, text
    forms = {(m.kind, m.obj.pk): m.forms for m in mentions.mentioned(STORY, editor)}
    assert forms[(ORGANISATION, kibhr.pk)] == {"name", "acronym", "alias"}


def test_acronym_that_is_a_common_word_is_not_matched_in_lower_case(named):
    editor = EditorFactory()
    who, network = named[0][4], named[0][7]
    assert found_keys("and who said so? Who knows.", editor) == set()
    assert found_keys("WHO said so, AND agreed.", editor) == {(ORGANISATION, who.pk), (ORGANISATION, network.pk)}


def test_cyrillic_names_match_in_any_case_on_word_boundaries(named):
    editor = EditorFactory()
    organisations, people = named
    assert found_keys("Сообщило ПРАВОЗАЩИТНОЕ БЮРО, а Иван Петров молчал.", editor) == {
        (ORGANISATION, organisations[6].pk),
        (SOURCE, people[2].pk),
    }
    assert found_keys("Иван Петровский и БПЧшники", editor) == set()


def test_longest_overlapping_name_wins():
    index = MentionIndex.build([(1, "Ministry of Justice", "", ""), (2, "Ministry of Justice of Kazakhstan", "", "")])
    assert [(h.pk, h.form) for h in index.scan("The Ministry of Justice of Kazakhstan said.")] == [(2, "name")]


def test_index_is_rebuilt_when_names_change(named):
    editor = EditorFactory()
    assert found_keys("Tashkent Press Club", editor) == set()
    club = OrganisationFactory(name="Tashkent Press Club", acronym="TPC")
    assert found_keys("Tashkent Press Club", editor) == {(ORGANISATION, club.pk)}
    club.name = "Samarkand Press Club"
    club.save()
    assert found_keys("Tashkent Press Club", editor) == set()


def test_source_made_confidential_after_the_build_is_never_named_to_a_correspondent():
    correspondent = CorrespondentUserFactory()
    source = SourceFactory(name="Nurlan Abenov")
    mentions.current_index()
    # Made confidential without the cache hearing of it: the index is stale, the answer is not.
    type(source).objects.filter(pk=source.pk).update(confidential=True, public_descriptor="an official")
    assert found_keys("Nurlan Abenov said.", correspondent) == set()


# --- Who may be told what ---------------------------------------------------------------------------


@pytest.fixture
def confidential_case():
    adder = CorrespondentUserFactory(username="adder")
    other = CorrespondentUserFactory(username="other")
    secret = ConfidentialSourceFactory(name="Zarina Hiddenova", public_descriptor="a ministry official", added_by=adder)
    return adder, other, secret


def test_correspondent_is_never_told_a_confidential_identity_matches(confidential_case, client):
    adder, other, secret = confidential_case
    article = ArticleFactory(body="<p>Zarina Hiddenova, a ministry official, spoke.</p>")
    BylineFactory(article=article, correspondent=other.correspondent)
    CitationFactory(article=article, source=secret, organisation=None)

    assert found_keys(article.body_text, other) == set()
    client.force_login(other)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    panel = page.split('id="insights-panel"')[1].split("</section>")[0]
    payload = {"article": article.pk, "body": article.body, "citations": [{"source": secret.pk}]}
    answer = client.post(reverse("insights:scan"), payload, content_type="application/json").content.decode()
    for body in (panel, answer):
        assert "Hiddenova" not in body
        assert "Named in the text but cited as unnamed" not in body
    assert not AuditEvent.objects.filter(action=AuditAction.IDENTITY_VIEWED).exists()


def test_adder_and_editor_find_confidential_identity_through_the_blind_index_and_it_is_recorded(
    confidential_case, client
):
    adder, _, secret = confidential_case
    editor = EditorFactory()
    text = "Officials, including zarina  hiddenova, declined."
    assert found_keys(text, adder) == {(SOURCE, secret.pk)}
    assert found_keys(text, editor) == {(SOURCE, secret.pk)}

    client.force_login(editor)
    article = ArticleFactory()
    for _ in range(2):
        answer = client.post(
            reverse("insights:scan"), {"article": article.pk, "body": text}, content_type="application/json"
        ).json()
    assert "Zarina Hiddenova" in answer["html"] and "must not name them" in answer["html"]
    entries = AuditEvent.objects.filter(action=AuditAction.IDENTITY_VIEWED, target_id=str(secret.pk))
    # Once per story and session, however often the form polls.
    assert entries.count() == 1
    assert entries.get().detail == {"via": "mention scan", "article": article.pk}
    assert "Hiddenova" not in entries.get().target_label


def test_scan_of_someone_elses_article_answers_404(client):
    correspondent = CorrespondentUserFactory()
    article = ArticleFactory(body="<p>secret draft</p>")
    client.force_login(correspondent)
    response = client.post(reverse("insights:scan"), {"article": article.pk}, content_type="application/json")
    assert response.status_code == 404


# --- The panel: mentioned but not cited, cited but not mentioned ------------------------------------------


@pytest.fixture
def draft():
    author = CorrespondentUserFactory()
    kibhr = OrganisationFactory(
        name="Kazakhstan International Bureau for Human Rights and Rule of Law", acronym="KIBHR"
    )
    cited_only = OrganisationFactory(name="Freedom House")
    lawyer = SourceFactory(name="Aigerim Sadykova")
    AffiliationFactory(source=lawyer, organisation=kibhr, role="senior lawyer")
    article = ArticleFactory(
        headline="Kazakhstan: Lawyers Barred",
        body="<p>KIBHR said Aigerim Sadykova was barred.</p>",
    )
    BylineFactory(article=article, correspondent=author.correspondent)
    CitationFactory(article=article, organisation=cited_only)
    return {"author": author, "article": article, "kibhr": kibhr, "lawyer": lawyer, "cited_only": cited_only}


def test_change_form_shows_mentioned_but_not_cited_and_cited_but_not_mentioned(draft, client):
    client.force_login(draft["author"])
    page = client.get(reverse("admin:articles_article_change", args=[draft["article"].pk])).content.decode()
    assert 'id="insights-panel"' in page
    not_cited = page.split("Mentioned but not cited")[1].split("</ul>")[0]
    assert "Kazakhstan International Bureau" in not_cited and "Aigerim Sadykova" in not_cited
    assert "senior lawyer" in not_cited  # the role the one-click citation will carry
    assert page.count('class="button insights-cite"') == 2
    not_mentioned = page.split("Cited but not mentioned")[1].split("</ul>")[0]
    assert "Freedom House" in not_mentioned
    assert 'src="/static/insights/mentions.js"' in page and "nonce=" in page


def test_live_scan_counts_unsaved_citation_rows(draft, client):
    client.force_login(draft["author"])
    payload = {
        "article": draft["article"].pk,
        "headline": "Kazakhstan: Lawyers Barred",
        "body": "<p>KIBHR said Aigerim Sadykova was barred.</p>",
        "citations": [{"source": str(draft["lawyer"].pk), "organisation": str(draft["kibhr"].pk)}],
    }
    answer = client.post(reverse("insights:scan"), payload, content_type="application/json").json()
    assert "Mentioned but not cited" not in answer["html"]
    assert "Cited but not mentioned" not in answer["html"]
    assert answer["clean"] is True


def test_one_click_add_cites_with_the_role_of_the_current_affiliation(draft, client):
    article, lawyer = draft["article"], draft["lawyer"]
    client.force_login(draft["author"])
    url = reverse("insights:cite", args=[article.pk])
    response = client.post(
        url, {"kind": "source", "pk": lawyer.pk, "version": article.version}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content
    citation = Citation.objects.get(article=article, source=lawyer)
    assert (citation.organisation, citation.role, citation.added_by) == (
        draft["kibhr"],
        "senior lawyer",
        draft["author"],
    )
    article.refresh_from_db()
    assert response.json()["version"] == article.version == 2
    assert Revision.objects.filter(article=article, version=2).exists()
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    # The source and, through her affiliation, KIBHR are cited now: nothing is left to add.
    assert "Mentioned but not cited" not in page


def test_one_click_add_from_a_stale_page_is_refused(draft, client):
    article = draft["article"]
    client.force_login(draft["author"])
    response = client.post(
        reverse("insights:cite", args=[article.pk]),
        {"kind": "organisation", "pk": draft["kibhr"].pk, "version": article.version - 1 or 99},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 409 and "after you opened it" in response.json()["error"]
    assert not Citation.objects.filter(article=article, organisation=draft["kibhr"]).exists()


def test_one_click_add_refused_once_submitted_and_for_a_hidden_source(draft, client):
    article = draft["article"]
    client.force_login(draft["author"])
    hidden = ConfidentialSourceFactory(name="Someone Else")
    url = reverse("insights:cite", args=[article.pk])
    json = {"HTTP_ACCEPT": "application/json"}
    response = client.post(url, {"kind": "source", "pk": hidden.pk, "version": article.version}, **json)
    assert response.status_code == 409 and response.json()["error"] == "No such source."
    type(article).objects.filter(pk=article.pk).update(status="submitted")
    response = client.post(url, {"kind": "organisation", "pk": draft["kibhr"].pk, "version": article.version}, **json)
    assert response.status_code == 409
    assert Citation.objects.filter(article=article).count() == 1


def test_one_click_add_on_someone_elses_story_answers_404(draft, client):
    client.force_login(CorrespondentUserFactory())
    response = client.post(
        reverse("insights:cite", args=[draft["article"].pk]),
        {"kind": "organisation", "pk": draft["kibhr"].pk, "version": 1},
    )
    assert response.status_code == 404
    assert Citation.objects.filter(article=draft["article"]).count() == 1


def test_editor_sees_the_same_lists_on_review(draft, client):
    type(draft["article"]).objects.filter(pk=draft["article"].pk).update(status="submitted")
    client.force_login(EditorFactory())
    page = client.get(reverse("admin:articles_article_change", args=[draft["article"].pk])).content.decode()
    assert "Submitted with gaps" in page
    assert "Aigerim Sadykova" in page.split("Mentioned but not cited")[1].split("</ul>")[0]
    assert "Freedom House" in page.split("Cited but not mentioned")[1]


def test_source_renamed_after_the_build_is_not_reported_under_its_new_name():
    editor = EditorFactory()
    source = SourceFactory(name="Nurlan Abenov")
    mentions.current_index()
    # Renamed without the cache hearing of it: the stale index still finds the old name.
    source.name = "Timur Abenov"
    type(source).objects.bulk_update([source], ["name"])
    assert found_keys("Nurlan Abenov said.", editor) == set()


def test_text_in_decomposed_unicode_matches_a_name_stored_composed():
    index = MentionIndex.build([(1, "Université Libre de Tbilisi", "", "")], [(2, "Gülnara Şahin")])
    decomposed = "L'Universite\u0301 libre de Tbilisi et Gu\u0308lnara S\u0327ahin."
    assert {(h.kind, h.pk) for h in index.scan(decomposed)} == {(ORGANISATION, 1), (SOURCE, 2)}
