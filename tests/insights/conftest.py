import pytest
from django.core.management import call_command
from django.test import Client

from people.models import Source
from tests.factories import CorrespondentUserFactory, EditorFactory


@pytest.fixture(autouse=True)
def facts_at_once(monkeypatch):
    """The report reads precomputed facts, refreshed by a task after the commit (which a test's
    transaction never reaches): here the hooks refresh them at once instead. ``test_facts.py``
    checks the real path, the task queued on commit."""
    from insights import facts

    monkeypatch.setattr(facts, "schedule", facts.refresh)


@pytest.fixture
def demo(db, settings, monkeypatch):
    """The demo newsroom, as ``make run`` loads it (without the demo logins), and its facts."""
    from insights import facts

    with monkeypatch.context() as patched:
        patched.setattr(facts, "schedule", lambda ids: None)
        call_command("loaddemo", verbosity=0)
    call_command("rebuild_insights", verbosity=0)


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

    import_module("insights.migrations.0002_report_and_policies").seed_policies(apps, None)
