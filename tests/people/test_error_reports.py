"""An error while saving a person mails the admins a report that carries no identity."""

import logging
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.log import AdminEmailHandler

from people.models import Correspondent, Source
from tests.factories import EditorFactory, SourceFactory

pytestmark = pytest.mark.django_db

NAME = "Gulnara Secretname"
PHONE = "+996 555 123 456"
NOTE = "Her cousin works at the prosecutor's office"


@pytest.fixture
def error_mail(settings):
    """Django's admin error mail, HTML report included, as production sends it."""
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False
    handler = AdminEmailHandler(include_html=True)
    handler.setLevel(logging.ERROR)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)


def reports():
    """Every part of every error mail sent: subject, plain text and the HTML report."""
    assert mail.outbox, "no error report was mailed"
    parts = []
    for message in mail.outbox:
        parts += [message.subject, message.body, *(str(content) for content, _type in message.alternatives)]
    assert any("<html" in part for part in parts), "no HTML report"
    return "\n".join(parts)


def source_post(**fields):
    data = {
        "name": NAME,
        "description": "Deputy prosecutor",
        "contact": PHONE,
        "private_notes": NOTE,
        "confidential": "on",
        "public_descriptor": "an official in Osh",
        "slug": "",
        "affiliations-TOTAL_FORMS": 0,
        "affiliations-INITIAL_FORMS": 0,
        "affiliations-MIN_NUM_FORMS": 0,
        "affiliations-MAX_NUM_FORMS": 1000,
    }
    return data | fields


def broken_save(self, *args, **kwargs):
    raise RuntimeError("disk full while saving")


def test_an_error_adding_a_confidential_source_mails_a_report_without_name_phone_or_notes(error_mail):
    client = Client(raise_request_exception=False)
    client.force_login(EditorFactory())

    with mock.patch.object(Source, "save", broken_save):
        response = client.post(reverse("admin:people_source_add"), source_post())

    assert response.status_code == 500
    report = reports()
    assert "disk full while saving" in report  # the report is there and useful
    assert "contact" in report and "********" in report  # the field is listed, its value starred
    for secret in (NAME, "Secretname", PHONE, "555 123", NOTE, "cousin", "Deputy prosecutor"):
        assert secret not in report


def test_an_error_changing_a_named_sources_contact_details_mails_no_contact_details(error_mail):
    source = SourceFactory(name="Bakyt Namedperson", contact="old number")
    client = Client(raise_request_exception=False)
    client.force_login(EditorFactory())
    url = reverse("admin:people_source_change", args=[source.pk])

    with mock.patch.object(Source, "save", broken_save):
        client.post(url, source_post(name="Bakyt Namedperson", confidential="", public_descriptor="", contact=PHONE))

    report = reports()
    assert "disk full while saving" in report
    assert PHONE not in report and "old number" not in report


def test_an_error_saving_a_correspondents_real_name_mails_no_real_name(error_mail):
    client = Client(raise_request_exception=False)
    client.force_login(EditorFactory())
    data = {
        "name": "Mariam Haidari",
        "byline_name": "Zahra Noori",
        "is_pseudonym": "on",
        "role_title": "Correspondent",
        "base_location": "Herat",
        "withheld_label": "",
        "slug": "",
        "bio": "",
    }

    with mock.patch.object(Correspondent, "save", broken_save):
        client.post(reverse("admin:people_correspondent_add"), data)

    report = reports()
    assert "disk full while saving" in report
    assert "Haidari" not in report


def test_an_error_while_encrypting_reports_none_of_the_plain_values_held_in_the_frames(error_mail):
    # The failure happens with the phone number in clear in the field's and the compiler's locals.
    client = Client(raise_request_exception=False)
    client.force_login(EditorFactory())

    with mock.patch("cryptography.fernet.MultiFernet.encrypt", side_effect=RuntimeError("cipher unavailable")):
        response = client.post(reverse("admin:people_source_add"), source_post())

    assert response.status_code == 500
    report = reports()
    assert "cipher unavailable" in report and "get_prep_value" in report
    for secret in (NAME, PHONE, NOTE, "Deputy prosecutor"):
        assert secret not in report
