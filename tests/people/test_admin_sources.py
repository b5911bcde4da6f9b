"""The sources and organisations desk at the HTTP level: roles × actions × kinds, from one table.

Each case sends the real admin request and checks what the role would notice and, above
all, the database: a refused request changes nothing, a hidden source answers exactly as
a missing one does.
"""

import pytest
from django.urls import reverse

from articles.models import Article
from audit.models import AuditAction, AuditEvent
from people import access
from people.models import Organisation, Source
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
    SourceFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "other_correspondent", "editor", "superuser"]
KINDS = ["named", "named_live", "confidential", "confidential_live"]
ACTIONS = ["list", "open", "edit_public", "edit_private", "add_affiliation", "delete"]
DESK = {"editor", "superuser"}
NAME = "Gulnara Secretname"
PHONE = "+996 555 123 456"


def expected(role, action, kind):
    """The one table: may ``role`` do ``action`` to a source of ``kind`` that ``owner`` added?"""
    if role == "anonymous":
        return False
    confidential, live = kind.startswith("confidential"), kind.endswith("_live")
    if action in ("list", "open"):
        return role in DESK or role == "owner" or not confidential
    if action == "edit_private":
        return role in DESK or role == "owner"
    if action in ("edit_public", "add_affiliation"):
        return role in DESK or (role == "owner" and not live)
    # Only superusers hold the delete permission, and a cited source is protected by its citations.
    return role == "superuser" and not live


CASES = [(role, action, kind) for role in ROLES for action in ACTIONS for kind in KINDS]


@pytest.fixture
def people():
    return {
        "anonymous": None,
        "owner": CorrespondentUserFactory(username="owner"),
        "other_correspondent": CorrespondentUserFactory(username="other_correspondent"),
        "editor": EditorFactory(username="editor"),
        "superuser": SuperuserFactory(username="root"),
    }


def source_of(kind, people):
    make = ConfidentialSourceFactory if kind.startswith("confidential") else SourceFactory
    source = make(
        name=NAME,
        description="Lawyer at a legal-aid clinic",
        contact=PHONE,
        private_notes="Prefers calls after dark",
        public_descriptor="a lawyer in Bishkek" if kind.startswith("confidential") else "",
        added_by=people["owner"],
    )
    AffiliationFactory(source=source, role="lawyer")
    if kind.endswith("_live"):
        CitationFactory(article=ArticleFactory(live=True), source=source, organisation=None)
    return source


def fingerprint(pk):
    """Everything a refused request must leave as it was."""
    source = Source.objects.filter(pk=pk).first()
    if source is None:
        return None
    affiliations = sorted(source.affiliations.values_list("role", flat=True))
    fields = [getattr(source, f) for f in ("name", "description", "contact", "private_notes", "public_descriptor")]
    return (*fields, source.confidential, source.slug, affiliations)


def form_data(source, **overrides):
    """A complete change-form POST for ``source``, as the browser would send it."""
    affiliations = list(source.affiliations.all()) if source.pk else []
    data = {
        "name": source.name,
        "description": source.description,
        "contact": source.contact,
        "private_notes": source.private_notes,
        "public_descriptor": source.public_descriptor,
        "slug": source.slug,
        "affiliations-TOTAL_FORMS": len(affiliations),
        "affiliations-INITIAL_FORMS": len(affiliations),
        "affiliations-MIN_NUM_FORMS": 0,
        "affiliations-MAX_NUM_FORMS": 1000,
    }
    if source.confidential:
        data["confidential"] = "on"
    for i, affiliation in enumerate(affiliations):
        data |= {
            f"affiliations-{i}-id": affiliation.pk,
            f"affiliations-{i}-source": source.pk,
            f"affiliations-{i}-organisation": affiliation.organisation_id,
            f"affiliations-{i}-role": affiliation.role,
            f"affiliations-{i}-start_date": "",
            f"affiliations-{i}-end_date": "",
        }
    return data | overrides


def perform(client, action, source, pk=None):
    pk = source.pk if pk is None else pk
    change = reverse("admin:people_source_change", args=[pk])
    if action == "list":
        return client.get(reverse("admin:people_source_changelist"))
    if action == "open":
        return client.get(change)
    if action == "edit_public":
        return client.post(change, form_data(source, description="Rewritten", public_descriptor="someone else"))
    if action == "edit_private":
        return client.post(change, form_data(source, contact="+996 700 000 000"))
    if action == "add_affiliation":
        n = source.affiliations.count()
        data = form_data(source) | {
            "affiliations-TOTAL_FORMS": n + 1,
            f"affiliations-{n}-organisation": OrganisationFactory().pk,
            f"affiliations-{n}-role": "spokesperson",
        }
        return client.post(change, data)
    return client.post(reverse("admin:people_source_delete", args=[pk]), {"post": "yes"})


def took_effect(action, source, before, response):
    after = fingerprint(source.pk)
    if action == "list":
        return response.status_code == 200 and f"/people/source/{source.pk}/change/" in response.text
    if action == "open":
        return response.status_code == 200 and NAME in response.text
    if action == "edit_public":
        return after is not None and after[1] == "Rewritten"
    if action == "edit_private":
        return after is not None and after[2] == "+996 700 000 000"
    if action == "add_affiliation":
        return after is not None and "spokesperson" in after[-1]
    return after is None


@pytest.mark.parametrize(("role", "action", "kind"), CASES)
def test_source_permission_matrix(client, people, role, action, kind):
    source = source_of(kind, people)
    if people[role] is not None:
        client.force_login(people[role])
    before = fingerprint(source.pk)

    response = perform(client, action, source)

    allowed = expected(role, action, kind)
    assert took_effect(action, source, before, response) is allowed, (role, action, kind, response.status_code)
    if not allowed:
        assert fingerprint(source.pk) == before
        assert PHONE not in response.text
        if not expected(role, "open", kind):
            assert NAME not in response.text
    if role == "other_correspondent" and kind.startswith("confidential") and action != "list":
        # Hidden: exactly the answer a source that does not exist gets.
        missing = perform(client, action, source, pk=source.pk + 1000)
        assert (response.status_code, missing.status_code) == (404, 404)
    elif not allowed and role in ("owner", "other_correspondent") and action in ("edit_private", "delete"):
        assert response.status_code == 403


def test_matrix_size():
    assert len(CASES) == len(ROLES) * len(ACTIONS) * len(KINDS) == 120


# --- row rules: the predicate and the query agree -----------------------------------------------------


def test_row_rules_as_predicates_and_as_queries_agree_for_every_role_and_kind(people):
    sources = [source_of(kind, people) for kind in KINDS]
    sources.append(SourceFactory(name="Added by nobody"))
    ArticleFactory()  # a draft citing nothing changes nothing
    CitationFactory(article=ArticleFactory(status=Article.Status.DRAFT), source=sources[0], organisation=None)
    for role in ROLES[1:]:
        user = people[role]
        assert set(Source.objects.visible_to(user)) == {s for s in sources if access.can_see(user, s)}, role
        assert set(access.changeable_by(user)) == {s for s in sources if access.can_change(user, s)}, role
        locked = {s for s in sources if access.public_fields_locked(user, s)}
        assert set(access.publicly_locked_for(user)) == locked, role


# --- forged requests ----------------------------------------------------------------------------------


def test_owner_cannot_rename_unmark_or_re_describe_a_source_a_live_story_cites_by_forged_post(client, people):
    source = source_of("confidential_live", people)
    client.force_login(people["owner"])
    data = form_data(source, name="Someone Else", public_descriptor="Gulnara S.", contact="+996 700 000 000")
    data.pop("confidential")  # unticked: would name her on the live story
    data["affiliations-0-DELETE"] = "on"

    response = client.post(reverse("admin:people_source_change", args=[source.pk]), data)

    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.public_descriptor, source.confidential) == (NAME, "a lawyer in Bishkek", True)
    assert source.affiliations.count() == 1
    assert source.contact == "+996 700 000 000"  # how to reach them is not public: still theirs to keep


def test_an_editor_may_change_the_public_face_of_a_source_a_live_story_cites(client, people):
    source = source_of("named_live", people)
    client.force_login(people["editor"])

    client.post(reverse("admin:people_source_change", args=[source.pk]), form_data(source, description="Judge"))

    assert Source.objects.get(pk=source.pk).description == "Judge"


def test_another_correspondent_sees_a_named_source_read_only_and_without_its_contact_details(client, people):
    source = source_of("named", people)
    client.force_login(people["other_correspondent"])

    response = client.get(reverse("admin:people_source_change", args=[source.pk]))

    assert response.status_code == 200
    assert NAME in response.text
    assert PHONE not in response.text and "Prefers calls" not in response.text
    assert 'name="description"' not in response.text  # read-only


def test_a_source_added_in_the_admin_belongs_to_whoever_added_it_whatever_the_post_says(client, people):
    client.force_login(people["owner"])
    data = form_data(SourceFactory.build(name="New Person"), added_by=people["editor"].pk)
    data |= {"affiliations-TOTAL_FORMS": 0, "affiliations-INITIAL_FORMS": 0}

    response = client.post(reverse("admin:people_source_add"), data)

    assert response.status_code == 302
    assert Source.objects.named("new person").get().added_by == people["owner"]


# --- organisations: the desk's to change --------------------------------------------------------------

ORG_ACTIONS = ["list", "open", "add", "edit", "delete"]


def expected_org(role, action):
    if role == "anonymous":
        return False
    if action in ("list", "open"):
        return True
    if action == "add":
        # A correspondent's organisation is a proposal until an editor confirms it (test_organisations.py).
        return True
    if action == "edit":
        return role in DESK
    return role == "superuser"


def org_form(organisation, **overrides):
    return {"name": organisation.name, "acronym": organisation.acronym, "kind": organisation.kind} | overrides


@pytest.mark.parametrize(("role", "action"), [(r, a) for r in ROLES for a in ORG_ACTIONS])
def test_organisation_permission_matrix(client, people, role, action):
    organisation = OrganisationFactory(name="Bureau for Rights", acronym="BR")
    if people[role] is not None:
        client.force_login(people[role])
    change = reverse("admin:people_organisation_change", args=[organisation.pk])

    if action == "list":
        response = client.get(reverse("admin:people_organisation_changelist"))
        done = response.status_code == 200 and "Bureau for Rights" in response.text
    elif action == "open":
        response = client.get(change)
        done = response.status_code == 200 and "Bureau for Rights" in response.text
    elif action == "add":
        response = client.post(reverse("admin:people_organisation_add"), org_form(organisation, name="Forged Org"))
        done = Organisation.objects.filter(name="Forged Org").exists()
    elif action == "edit":
        response = client.post(change, org_form(organisation, description="Rewritten"))
        done = Organisation.objects.get(pk=organisation.pk).description == "Rewritten"
    else:
        response = client.post(reverse("admin:people_organisation_delete", args=[organisation.pk]), {"post": "yes"})
        done = not Organisation.objects.filter(pk=organisation.pk).exists()

    assert done is expected_org(role, action), (role, action, response.status_code)
    if not done and role != "anonymous" and action not in ("list", "open"):
        assert response.status_code == 403


# --- the audit trail ----------------------------------------------------------------------------------


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def assert_no_identity_in_the_trail():
    for event in AuditEvent.objects.all():
        text = f"{event.target_label} {event.detail}"
        assert "Gulnara" not in text and "Secretname" not in text and PHONE not in text


@pytest.mark.parametrize("role", ["editor", "owner"])
def test_opening_a_confidential_identity_is_recorded_by_its_descriptor(client, people, role):
    source = source_of("confidential", people)
    client.force_login(people[role])

    client.get(reverse("admin:people_source_change", args=[source.pk]))

    [event] = events(AuditAction.IDENTITY_VIEWED)
    assert (event.actor_label, event.target_id, event.detail) == (role, str(source.pk), {"via": "change page"})
    assert event.target_label.startswith("a lawyer in Bishkek")
    assert_no_identity_in_the_trail()


def test_opening_a_named_source_records_nothing(client, people):
    source = source_of("named", people)
    client.force_login(people["editor"])

    client.get(reverse("admin:people_source_change", args=[source.pk]))

    assert not events(AuditAction.IDENTITY_VIEWED)


def test_a_search_that_finds_a_confidential_source_by_name_is_recorded_and_finds_it(client, people):
    source = source_of("confidential", people)
    other = ConfidentialSourceFactory(name="Asel Other", public_descriptor="a teacher")
    client.force_login(people["editor"])

    response = client.get(reverse("admin:people_source_changelist"), {"q": "secretname"})

    assert f"/people/source/{source.pk}/change/" in response.text
    assert f"/people/source/{other.pk}/change/" not in response.text
    [event] = events(AuditAction.IDENTITY_VIEWED)
    assert (event.target_id, event.detail) == (str(source.pk), {"via": "search"})
    client.get(reverse("admin:people_source_changelist"), {"q": "a lawyer"})  # descriptor: no identity
    assert len(events(AuditAction.IDENTITY_VIEWED)) == 1
    assert_no_identity_in_the_trail()


def test_the_citation_picker_finds_a_source_by_name_records_it_and_shows_only_the_descriptor(client, people):
    source = source_of("confidential", people)
    client.force_login(people["owner"])

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "citation", "field_name": "source", "term": "Gulnara Secretname"},
    )

    assert str(source.pk) in response.text and "a lawyer in Bishkek" in response.text
    assert "Secretname" not in response.text
    assert [e.detail for e in events(AuditAction.IDENTITY_VIEWED)] == [{"via": "search"}]


def test_another_correspondent_cannot_find_a_confidential_source_by_its_name(client, people):
    source_of("confidential", people)
    client.force_login(people["other_correspondent"])

    response = client.get(reverse("admin:people_source_changelist"), {"q": NAME})

    assert response.context["cl"].result_count == 0
    assert not events(AuditAction.IDENTITY_VIEWED)


def test_changing_a_confidential_identity_is_recorded_with_the_fields_never_the_values(client, people):
    source = source_of("confidential", people)
    client.force_login(people["editor"])

    client.post(reverse("admin:people_source_change", args=[source.pk]), form_data(source, contact="+996 700 1"))

    [event] = events(AuditAction.IDENTITY_CHANGED)
    assert event.detail == {"fields": ["contact"], "created": False}
    assert "+996 700 1" not in str(event.detail)
    assert_no_identity_in_the_trail()


def test_adding_a_confidential_source_is_recorded_as_an_identity_change(client, people):
    client.force_login(people["owner"])
    data = form_data(ConfidentialSourceFactory.build(name=NAME, public_descriptor="a nurse", contact=PHONE))
    data |= {"affiliations-TOTAL_FORMS": 0, "affiliations-INITIAL_FORMS": 0}

    client.post(reverse("admin:people_source_add"), data)

    [event] = events(AuditAction.IDENTITY_CHANGED)
    assert event.detail["created"] is True and "name" in event.detail["fields"]
    assert_no_identity_in_the_trail()


def test_reaching_for_another_correspondents_confidential_source_is_refused_as_missing_and_recorded(client, people):
    source = source_of("confidential", people)
    client.force_login(people["other_correspondent"])

    hidden_url = reverse("admin:people_source_change", args=[source.pk])
    missing_url = reverse("admin:people_source_change", args=[source.pk + 1000])
    hidden, missing = client.get(hidden_url), client.get(missing_url)

    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(hidden_url, "URL") == missing.text.replace(missing_url, "URL")
    [event] = events(AuditAction.ACCESS_REFUSED)
    assert (event.actor_label, event.target_id) == ("other_correspondent", str(source.pk))
    assert_no_identity_in_the_trail()


def test_a_forged_change_to_another_correspondents_named_source_is_refused_and_recorded(client, people):
    source = source_of("named", people)
    client.force_login(people["other_correspondent"])

    response = client.post(reverse("admin:people_source_change", args=[source.pk]), form_data(source, contact="x"))

    assert response.status_code == 403
    [event] = events(AuditAction.ACCESS_REFUSED)
    assert event.detail == {"action": "change"}


def test_the_desk_opening_a_pseudonymous_correspondent_is_recorded_and_the_list_keeps_the_real_name_back(
    client, people
):
    correspondent = people["other_correspondent"].correspondent
    correspondent.is_pseudonym = True
    correspondent.save()
    client.force_login(people["editor"])

    listing = client.get(reverse("admin:people_correspondent_changelist"))
    page = client.get(reverse("admin:people_correspondent_change", args=[correspondent.pk]))

    assert "Desk name of other_correspondent" not in listing.text
    assert "Desk name of other_correspondent" in page.text
    [event] = events(AuditAction.IDENTITY_VIEWED)
    assert event.target_label == "other_correspondent Byline"


def test_the_desk_finds_a_correspondent_by_real_name_and_a_correspondent_does_not(client, people):
    correspondent = people["other_correspondent"].correspondent
    correspondent.is_pseudonym = True
    correspondent.save()
    url = reverse("admin:people_correspondent_changelist")

    client.force_login(people["editor"])
    assert client.get(url, {"q": "desk name of other_correspondent"}).context["cl"].result_count == 1
    client.force_login(people["owner"])
    assert client.get(url, {"q": "desk name of other_correspondent"}).context["cl"].result_count == 0


def test_renaming_a_pseudonymous_correspondent_is_recorded_without_either_name(client, people):
    correspondent = people["other_correspondent"].correspondent
    client.force_login(people["editor"])
    data = {
        "name": "Mariam Haidari",
        "byline_name": correspondent.byline_name,
        "is_pseudonym": "on",
        "role_title": "Correspondent",
        "base_location": "Herat",
        "withheld_label": "",
        "slug": correspondent.slug,
        "bio": "",
    }

    response = client.post(reverse("admin:people_correspondent_change", args=[correspondent.pk]), data)

    assert response.status_code == 302
    [event] = events(AuditAction.IDENTITY_CHANGED)
    assert event.detail == {"fields": ["is_pseudonym", "name"], "created": False}
    assert "Haidari" not in f"{event.target_label} {event.detail}"


def test_a_correspondent_finds_a_colleague_printed_under_their_own_name_by_a_word_of_it(client, people):
    colleague = people["other_correspondent"].correspondent
    colleague.name, colleague.byline_name = "Nurlan Printedname", ""
    colleague.save()
    client.force_login(people["owner"])

    response = client.get(reverse("admin:people_correspondent_changelist"), {"q": "printedname"})

    assert response.context["cl"].result_count == 1


def test_a_search_matching_more_sources_than_the_limit_records_the_rest_in_one_entry(client, people, monkeypatch):
    monkeypatch.setattr("people.admin.SEARCH_RECORD_LIMIT", 1)
    first = ConfidentialSourceFactory(name="Aida Commonname", public_descriptor="a nurse")
    second = ConfidentialSourceFactory(name="Bek Commonname", public_descriptor="a driver")
    client.force_login(people["editor"])

    client.get(reverse("admin:people_source_changelist"), {"q": "commonname"})

    one, rest = events(AuditAction.IDENTITY_VIEWED)
    assert one.target_id == str(first.pk)
    assert rest.detail == {"via": "search", "more_ids": [second.pk]}


@pytest.mark.postgres
def test_the_picker_search_can_be_answered_from_trigram_indexes_without_reading_every_source(client, people):
    """Every branch of the picker's search (part of the descriptor or slug, a name word's digest) has an index."""
    from django.db import connection
    from django.db.models import Q

    SourceFactory.create_batch(3)
    named = SourceFactory(name="Zhyldyz Toktogulova")
    hidden = ConfidentialSourceFactory(name="Asel Other", public_descriptor="a beekeeper in Naryn")
    client.force_login(people["editor"])
    picker = {"app_label": "articles", "model_name": "citation", "field_name": "source"}

    assert str(named.pk) in client.get(reverse("admin:autocomplete"), {**picker, "term": "toktogulova"}).text
    by_part = client.get(reverse("admin:autocomplete"), {**picker, "term": "beekeep"}).text
    assert str(hidden.pk) in by_part and "Asel" not in by_part

    search = Q(public_descriptor__icontains="beekeep") | Q(slug__icontains="beekeep")
    query = Source.objects.filter(search) | Source.objects.name_matches("toktogulova")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.order_by().values("pk").explain()
    for index in ("source_descriptor_trgm", "source_slug_trgm", "source_name_tokens_trgm"):
        assert index in plan, plan
    assert "Seq Scan" not in plan
