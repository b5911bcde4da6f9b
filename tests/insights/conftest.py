import pytest
from django.core.management import call_command
from django.test import Client

from people.models import Source
from tests.factories import CorrespondentUserFactory, EditorFactory


@pytest.fixture
def demo(db, settings):
    """The demo newsroom, as ``make run`` loads it (without the demo logins)."""
    call_command("loaddemo", verbosity=0)


@pytest.fixture
def confidential_names(demo):
    """The real names of the demo's confidential sources: none may appear anywhere the report reaches."""
    names = [source.name for source in Source.objects.filter(confidential=True)]
    assert names
    return names


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(db):
    return client_for(EditorFactory(username="report-editor"))


@pytest.fixture
def correspondent_client(db):
    return client_for(CorrespondentUserFactory(username="report-correspondent"))


@pytest.fixture(autouse=True)
def _policies(db):
    """The policy pages the migration seeds (made again after a transactional test's flush)."""
    from importlib import import_module

    from django.apps import apps

    import_module("insights.migrations.0001_report_and_policies").seed_policies(apps, None)
