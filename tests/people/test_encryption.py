"""Identities at rest: the database holds tokens, the desk still finds names, keys rotate without loss."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from people import encryption
from people.models import Correspondent, Source
from tests.factories import ConfidentialSourceFactory, CorrespondentFactory, SourceFactory

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_row(table, pk):
    """The row as a database dump would show it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 (fixed table names)
        return " ".join(str(value) for value in cursor.fetchone())


def raw_value(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (fixed names)
        return cursor.fetchone()[0]


def test_a_raw_select_on_the_sources_table_shows_no_confidential_name_phone_or_note():
    source = ConfidentialSourceFactory(
        name="Gulnara Secretname",
        description="Deputy head of the district water authority",
        contact="+996 555 123 456, Signal",
        private_notes="Met her brother in Osh",
        public_descriptor="an official in Osh",
    )

    row = raw_row("people_source", source.pk)

    for secret in ("Gulnara", "Secretname", "secretname", "water authority", "555 123", "brother"):
        assert secret not in row
    assert "an official in Osh" in row  # the public descriptor stays in clear
    assert raw_value("people_source", "name", source.pk).startswith("gAAAAA")  # a Fernet token


def test_a_correspondents_real_name_is_not_in_the_table_but_the_public_byline_is():
    correspondent = CorrespondentFactory(name="Mariam Haidari", byline_name="Zahra Noori", is_pseudonym=True)

    row = raw_row("people_correspondent", correspondent.pk)

    assert "Mariam" not in row and "Haidari" not in row and "haidari" not in row
    assert "Zahra Noori" in row


def test_the_desk_reads_the_identity_in_clear_after_a_round_trip():
    source = ConfidentialSourceFactory(name="Гульнара Секретная", contact="+996 555 123 456")

    fresh = Source.objects.get(pk=source.pk)

    assert (fresh.name, fresh.contact) == ("Гульнара Секретная", "+996 555 123 456")
    assert Source.objects.filter(pk=source.pk).values_list("name", flat=True).get() == "Гульнара Секретная"


def test_same_name_twice_is_stored_as_two_different_tokens():
    first, second = SourceFactory(name="Asel Nurpeisova"), SourceFactory(name="Asel Nurpeisova")

    assert raw_value("people_source", "name", first.pk) != raw_value("people_source", "name", second.pk)


def test_a_query_on_an_encrypted_column_is_refused_rather_than_silently_matching_nothing():
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(Source.objects.filter(name="Asel Nurpeisova"))
    with pytest.raises(FieldError):
        list(Correspondent.objects.filter(name__icontains="Asel"))


@pytest.mark.parametrize(
    "typed",
    [
        "Ulugbek Tashev",
        "ulugbek tashev",
        "  ULUGBEK   Tashev ",
        "Ｕｌｕｇｂｅｋ Ｔａｓｈｅｖ",
        "Tashev",
        "tashev Ulugbek",
    ],
)
def test_the_blind_index_finds_a_name_whatever_its_case_spacing_width_or_word_order(typed):
    source = ConfidentialSourceFactory(name="Ulugbek Tashev")
    SourceFactory(name="Someone Else")

    assert list(Source.objects.name_matches(typed)) == [source]


def test_exact_lookup_needs_the_whole_name_and_no_partial_word_matches():
    source = SourceFactory(name="Ulugbek Tashev")

    assert list(Source.objects.named("ULUGBEK  tashev")) == [source]
    assert not Source.objects.named("Tashev").exists()
    assert not Source.objects.name_matches("Tash").exists()


def test_equal_names_in_two_tables_have_different_index_values():
    source = SourceFactory(name="Nino Beridze")
    correspondent = CorrespondentFactory(name="Nino Beridze")

    assert source.name_index and correspondent.name_index
    assert source.name_index != correspondent.name_index


def test_renaming_updates_the_index_also_when_saving_only_the_name():
    source = SourceFactory(name="Galym Zhakupov")
    source.name = "Galym Zhakupov-Serikbayev"
    source.save(update_fields=["name"])

    assert not Source.objects.named("Galym Zhakupov").exists()
    assert Source.objects.named("Galym Zhakupov-Serikbayev").get() == source


def test_a_value_no_configured_key_opens_is_a_clear_error_without_the_value(settings):
    settings.NEWSROOM_FIELD_KEYS = [OLD_KEY]
    source = SourceFactory(name="Serik Baimukhanov")
    settings.NEWSROOM_FIELD_KEYS = [NEW_KEY]

    with pytest.raises(encryption.UndecryptableValue, match="is a key missing from the list") as raised:
        Source.objects.get(pk=source.pk)
    assert "Serik" not in str(raised.value)


def run_rotation():
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    return out.getvalue()


def test_rotation_re_encrypts_every_value_under_the_new_key_then_has_nothing_left_to_do(settings):
    settings.NEWSROOM_FIELD_KEYS = [OLD_KEY]
    source = ConfidentialSourceFactory(name="Serik Baimukhanov", contact="+7 701 000 00 00", description="")
    correspondent = CorrespondentFactory(name="Yerlan Abenov")
    old_token = raw_value("people_source", "name", source.pk)

    settings.NEWSROOM_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    # Before the rotation has run, both keys read and search the old rows.
    assert Source.objects.get(pk=source.pk).name == "Serik Baimukhanov"
    assert list(Source.objects.name_matches("Baimukhanov")) == [source]

    first = run_rotation()

    assert "people.Source: 1 rows, 2 values re-encrypted, 1 names re-indexed." in first
    assert "people.Correspondent: 1 rows, 1 values re-encrypted" in first
    assert raw_value("people_source", "name", source.pk) != old_token
    assert raw_value("people_source", "description", source.pk) == ""  # blank stays blank
    second = run_rotation()
    assert "people.Source: 1 rows, 0 values re-encrypted, 0 names re-indexed." in second
    assert "every value was already under the first key" in second

    # The old key can go: everything opens and is found with the new key alone.
    settings.NEWSROOM_FIELD_KEYS = [NEW_KEY]
    assert Source.objects.get(pk=source.pk).contact == "+7 701 000 00 00"
    assert Correspondent.objects.get(pk=correspondent.pk).name == "Yerlan Abenov"
    assert list(Source.objects.name_matches("serik baimukhanov")) == [source]
    assert "Serik" not in first + second


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_clear_rows_and_going_back_decrypts_them():
    executor = MigrationExecutor(connection)
    before, after = [("people", "0002_integrity_constraints")], [("people", "0003_encrypted_identities")]
    executor.migrate(before)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_source (name, slug, description, confidential, public_descriptor, created_at)"
            " VALUES ('Dilnoza Clearname', 'source', 'A judge', %s, 'a judge', CURRENT_TIMESTAMP)",
            [True],
        )
        cursor.execute("SELECT id FROM people_source")
        pk = cursor.fetchone()[0]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    assert "Clearname" not in raw_row("people_source", pk) and "A judge" not in raw_row("people_source", pk)
    source = Source.objects.get(pk=pk)
    assert (source.name, source.description) == ("Dilnoza Clearname", "A judge")
    assert list(Source.objects.name_matches("clearname")) == [source]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)
    assert raw_value("people_source", "name", pk) == "Dilnoza Clearname"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
