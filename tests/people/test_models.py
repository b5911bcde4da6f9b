"""People: bylines, organisations and sources keep names where they belong, and the database holds the rules."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Correspondent, Source
from tests.factories import (
    AffiliationFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    OrganisationFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# --- Correspondents ---------------------------------------------------------------------------------


def test_database_refuses_a_withheld_name_without_a_public_label():
    refused_by_database(lambda: CorrespondentFactory(name="Yerlan Abenov", name_withheld=True, withheld_label=""))


def test_withheld_name_without_label_is_refused_with_the_desk_message():
    correspondent = CorrespondentFactory.build(name="Yerlan Abenov", name_withheld=True, withheld_label="")

    with pytest.raises(ValidationError, match="A correspondent whose name is withheld needs a public label."):
        correspondent.full_clean()


def test_withheld_correspondent_is_shown_by_label_and_their_address_does_not_carry_the_name():
    correspondent = CorrespondentFactory(
        name="Yerlan Abenov", byline_name="", name_withheld=True, withheld_label="A correspondent in Taraz"
    )

    assert correspondent.public_name == "A correspondent in Taraz"
    assert "Yerlan" not in str(correspondent)
    assert "yerlan" not in correspondent.slug
    assert "abenov" not in correspondent.get_absolute_url()


def test_withholding_a_name_later_moves_the_byline_page_off_the_named_address():
    correspondent = CorrespondentFactory(name="Yerlan Abenov", byline_name="Yerlan Abenov")
    assert correspondent.slug == "yerlan-abenov"

    correspondent.name_withheld = True
    correspondent.withheld_label = "A correspondent in Taraz"
    correspondent.save()

    assert correspondent.slug == "correspondent"
    assert Correspondent.objects.get(pk=correspondent.pk).slug == "correspondent"


def test_switching_to_a_pseudonym_later_drops_the_real_name_from_the_address():
    correspondent = CorrespondentFactory(name="Mariam Haidari", byline_name="Mariam Haidari")

    correspondent.byline_name = "Zahra Noori"
    correspondent.is_pseudonym = True
    correspondent.save()

    assert correspondent.slug == "zahra-noori"


def test_a_named_correspondents_address_stays_put_when_their_byline_changes():
    correspondent = CorrespondentFactory(name="Nino Beridze", byline_name="Nino Beridze")

    correspondent.byline_name = "Nino Beridze-Kapanadze"
    correspondent.save()

    assert correspondent.slug == "nino-beridze"


def test_pseudonymous_correspondent_is_public_under_the_pseudonym_only():
    correspondent = CorrespondentFactory(name="Mariam Haidari", byline_name="Zahra Noori", is_pseudonym=True)

    assert correspondent.public_name == "Zahra Noori"
    assert str(correspondent) == "Zahra Noori"
    assert correspondent.slug == "zahra-noori"


def test_correspondent_without_byline_name_is_printed_under_their_own_name():
    assert CorrespondentFactory(name="Aigerim Tokonova", byline_name="").public_name == "Aigerim Tokonova"


def test_two_correspondents_with_one_byline_name_get_different_addresses():
    first = CorrespondentFactory(name="Nino Beridze", byline_name="Nino Beridze")
    second = CorrespondentFactory(name="Nino Beridze", byline_name="Nino Beridze")

    assert first.slug == "nino-beridze"
    assert second.slug == "nino-beridze-2"


def test_database_refuses_two_correspondent_profiles_for_one_login():
    user = UserFactory()
    CorrespondentFactory(user=user)

    refused_by_database(lambda: CorrespondentFactory(user=user))


# --- Organisations ----------------------------------------------------------------------------------


def test_database_refuses_an_unknown_organisation_kind():
    refused_by_database(lambda: OrganisationFactory(kind="secret-society"))


def test_database_refuses_two_organisations_with_the_same_name():
    OrganisationFactory(name="Freedom House", acronym="FH")

    refused_by_database(lambda: OrganisationFactory(name="Freedom House", acronym="FH2"))


def test_organisation_reads_as_full_name_then_acronym_and_takes_its_address_from_the_acronym():
    organisation = OrganisationFactory(
        name="Kazakhstan International Bureau for Human Rights and Rule of Law", acronym="KIBHR"
    )

    assert str(organisation) == "Kazakhstan International Bureau for Human Rights and Rule of Law (KIBHR)"
    assert organisation.slug == "kibhr"


def test_organisation_aliases_are_read_one_per_line_ignoring_blank_lines():
    organisation = OrganisationFactory(aliases="UN Refugee Agency\n\n  Агентство ООН по делам беженцев  \n")

    assert organisation.alias_list == ["UN Refugee Agency", "Агентство ООН по делам беженцев"]


# --- Sources ----------------------------------------------------------------------------------------


def test_database_refuses_a_confidential_source_without_a_descriptor():
    refused_by_database(lambda: SourceFactory(name="Ulugbek Tashev", confidential=True, public_descriptor=""))


def test_confidential_source_without_descriptor_is_refused_with_the_desk_message():
    source = Source(name="Ulugbek Tashev", confidential=True, public_descriptor="")

    with pytest.raises(ValidationError, match="A confidential source needs a public descriptor."):
        source.full_clean()


def test_confidential_source_never_shows_its_name_in_its_text_or_address():
    source = ConfidentialSourceFactory(name="Serik Baimukhanov", public_descriptor="a doctor in the prison system")

    assert "Serik" not in str(source)
    assert "Baimukhanov" not in str(source)
    assert str(source).startswith("a doctor in the prison system")
    assert "serik" not in source.slug
    assert "baimukhanov" not in source.get_absolute_url().lower()


def test_a_source_made_confidential_later_loses_the_named_address():
    source = SourceFactory(name="Ulugbek Tashev")
    assert source.slug == "ulugbek-tashev"

    source.confidential = True
    source.public_descriptor = "a district official in the Ferghana valley"
    source.save()

    assert source.slug == "source"
    assert not Source.objects.filter(slug__contains="tashev").exists()


def test_named_source_reads_as_their_name():
    assert str(SourceFactory(name="Galym Zhakupov")) == "Galym Zhakupov"


def test_public_sources_leave_out_every_confidential_one():
    named = SourceFactory(name="Galym Zhakupov")
    ConfidentialSourceFactory(name="Asel Nurpeisova")

    assert list(Source.objects.public()) == [named]


def test_editors_see_every_source_and_a_correspondent_only_public_ones_and_their_own(django_user_model):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="view_confidential_source"))
    editor = django_user_model.objects.get(pk=editor.pk)
    author, other = UserFactory(), UserFactory()
    named = SourceFactory()
    mine = ConfidentialSourceFactory(added_by=author)
    theirs = ConfidentialSourceFactory(added_by=other)

    assert set(Source.objects.visible_to(editor)) == {named, mine, theirs}
    assert set(Source.objects.visible_to(author)) == {named, mine}


def test_database_refuses_an_affiliation_that_ends_before_it_starts():
    refused_by_database(
        lambda: AffiliationFactory(start_date=dt.date(2022, 5, 1), end_date=dt.date(2021, 5, 1), role="director")
    )


def test_affiliation_reads_as_role_and_acronym():
    affiliation = AffiliationFactory(role="lawyer", organisation=OrganisationFactory(acronym="KIBHR"))

    assert str(affiliation) == "lawyer, KIBHR"


def test_database_refuses_a_photo_for_a_correspondent_whose_name_is_withheld():
    refused_by_database(
        lambda: CorrespondentFactory(name_withheld=True, withheld_label="A correspondent in Taraz", photo="x.jpg")
    )


def test_a_pseudonym_flag_without_a_pseudonym_is_refused_so_the_byline_never_falls_back_to_the_real_name():
    correspondent = CorrespondentFactory.build(name="Mariam Haidari", byline_name="", is_pseudonym=True)

    with pytest.raises(ValidationError, match="needs the pseudonym"):
        correspondent.full_clean()


def test_a_pseudonymous_correspondent_saved_without_a_byline_name_gets_no_address_from_the_real_name():
    correspondent = CorrespondentFactory(name="Mariam Haidari", byline_name="", is_pseudonym=True)

    assert correspondent.slug == "correspondent"


# --- descriptor-only sources, role-less affiliations (issue 10) ----------------------------------------


def test_a_confidential_source_may_be_recorded_by_descriptor_alone():
    source = Source(confidential=True, public_descriptor="an independent analyst in Almaty")
    source.full_clean()
    source.save()
    source.refresh_from_db()
    assert source.name == "" and source.name_index == ""
    assert str(source) == f"an independent analyst in Almaty (confidential #{source.pk})"
    assert source.slug.startswith("source")


def test_a_named_source_needs_a_name_in_the_form_and_in_the_database():
    with pytest.raises(ValidationError) as refused:
        Source(name="  ", public_descriptor="a farmer").full_clean()
    assert "unless they are confidential" in str(refused.value)
    refused_by_database(lambda: Source(name="").save())


def test_a_source_made_public_again_without_a_name_is_refused():
    source = Source.objects.create(confidential=True, public_descriptor="a police officer in Osh")
    source.confidential = False
    with pytest.raises(ValidationError):
        source.full_clean()
    refused_by_database(source.save)


def test_an_affiliation_may_have_no_role():
    affiliation = AffiliationFactory(role="", organisation=OrganisationFactory(name="Osh Bar", acronym="OB"))
    affiliation.full_clean()
    assert str(affiliation) == "OB"
    assert str(AffiliationFactory(role="director", organisation=affiliation.organisation)) == "director, OB"
