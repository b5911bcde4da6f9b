"""The second factor: editors (by default in production) reach no desk page until a code is given."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from audit.models import AuditAction, AuditEvent
from tests.factories import ArticleFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required_for_editors(settings):
    settings.NEWSROOM_2FA_REQUIRED = "staff-editors"


def app_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def give_code(client, device, next_url="/admin/"):
    return client.post(reverse("accounts:verify"), {"code": current_code(device), "next": next_url})


def region_post(region, description):
    return {"name": region.name, "slug": region.slug, "description": description}


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/articles/article/",
        "/admin/auth/user/",
        "/admin/articles/article/desk/",
        "/admin/account/sessions/",
    ],
)
def test_an_editor_without_a_second_factor_reaches_no_desk_page(client, editor, path):
    client.force_login(editor)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:enrol"))


def test_a_deep_link_survives_the_detour_through_enrolment(client, editor):
    article = ArticleFactory(created_by=editor)
    client.force_login(editor)
    deep = f"/admin/articles/article/{article.pk}/change/"

    response = client.get(deep)

    assert response.url == f"{reverse('accounts:enrol')}?next=%2Fadmin%2Farticles%2Farticle%2F{article.pk}%2Fchange%2F"


def test_a_forged_post_by_an_unverified_editor_changes_nothing(client, editor):
    region = RegionFactory(name="Central Asia")
    app_device(editor)
    client.force_login(editor)

    response = client.post(f"/admin/articles/region/{region.pk}/change/", region_post(region, "Forged"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))
    region.refresh_from_db()
    assert region.description == ""


def test_the_same_post_after_the_code_step_saves(client, editor):
    region = RegionFactory(name="Central Asia")
    device = app_device(editor)
    client.force_login(editor)
    assert give_code(client, device).url == "/admin/"

    response = client.post(f"/admin/articles/region/{region.pk}/change/", region_post(region, "Five republics"))

    assert response.status_code == 302
    region.refresh_from_db()
    assert region.description == "Five republics"


def test_a_correspondent_is_not_asked_unless_the_newsroom_requires_it_for_everyone(client, correspondent_a, settings):
    client.force_login(correspondent_a)
    assert client.get("/admin/").status_code == 200

    settings.NEWSROOM_2FA_REQUIRED = "everyone"

    assert client.get("/admin/").url.startswith(reverse("accounts:enrol"))


def test_with_the_setting_off_an_editor_without_a_device_reaches_the_desk(client, editor, settings):
    settings.NEWSROOM_2FA_REQUIRED = "off"
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


def test_with_the_setting_off_someone_who_enrolled_is_still_asked_for_a_code(client, correspondent_a, settings):
    settings.NEWSROOM_2FA_REQUIRED = "off"
    app_device(correspondent_a)
    client.force_login(correspondent_a)

    assert client.get("/admin/").url.startswith(reverse("accounts:verify"))


def test_superusers_must_use_a_second_factor(client, superuser):
    client.force_login(superuser)

    assert client.get("/admin/").url.startswith(reverse("accounts:enrol"))


def test_someone_stopped_at_the_code_step_can_log_out(client, editor):
    app_device(editor)
    client.force_login(editor)
    page = client.get(reverse("accounts:verify"))
    assert f'action="{reverse("admin:logout")}"' in page.text

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_recorded(client, editor):
    app_device(editor)
    client.force_login(editor)

    response = client.post(reverse("accounts:verify"), {"code": "000000", "next": "/admin/"})

    assert response.status_code == 200
    assert "not accepted" in response.text
    assert client.get("/admin/").status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.OTP_FAILED)
    assert event.actor_id == editor.pk


def test_the_right_code_opens_the_page_asked_for(client, editor):
    device = app_device(editor)
    client.force_login(editor)

    response = give_code(client, device, next_url="/admin/articles/article/")

    assert response.url == "/admin/articles/article/"
    assert client.get("/admin/").status_code == 200


def test_the_code_step_sends_an_unsafe_next_to_the_desk(client, editor):
    device = app_device(editor)
    client.force_login(editor)

    assert give_code(client, device, next_url="https://evil.example/").url == "/admin/"


def test_enrolment_shows_a_qr_code_inline_and_no_inline_script(client, editor):
    client.force_login(editor)

    response = client.get(reverse("accounts:enrol"))

    assert response.status_code == 200
    assert "<svg" in response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert TOTPDevice.objects.get(user=editor).confirmed is False


def test_enrolling_with_a_code_from_the_app_turns_the_factor_on_and_hands_out_recovery_codes(client, editor):
    client.force_login(editor)
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=editor)

    response = client.post(reverse("accounts:enrol"), {"code": current_code(device), "next": "/admin/"})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in response.text
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.OTP_ENROLLED, target_id=str(editor.pk)).exists()


def test_enrolment_refuses_a_wrong_code(client, editor):
    client.force_login(editor)
    client.get(reverse("accounts:enrol"))

    response = client.post(reverse("accounts:enrol"), {"code": "123456", "next": "/admin/"})

    assert "not accepted" in response.text
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_enrol_a_second_device(client, editor):
    app_device(editor)
    client.force_login(editor)

    response = client.get(reverse("accounts:enrol"))

    assert response.url.startswith(reverse("accounts:verify"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_recovery_code_works_once(client, editor, django_user_model):
    app_device(editor)
    codes = second_factor.new_recovery_codes(editor)
    client.force_login(editor)

    first = client.post(reverse("accounts:verify"), {"code": codes[0].upper(), "next": "/admin/"})
    assert first.url == "/admin/"

    other = client.__class__()
    other.force_login(editor)
    again = other.post(reverse("accounts:verify"), {"code": codes[0], "next": "/admin/"})
    assert again.status_code == 200
    assert StaticDevice.objects.get(user=editor).token_set.count() == 9


def test_a_superuser_resets_a_second_factor_from_the_user_page(client, superuser, editor):
    app_device(editor)
    second_factor.new_recovery_codes(editor)
    su_device = app_device(superuser)
    client.force_login(superuser)
    give_code(client, su_device)
    url = reverse("admin:auth_user_reset_second_factor", args=[editor.pk])

    assert "Reset second factor" in client.get(reverse("admin:auth_user_change", args=[editor.pk])).text
    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    event = AuditEvent.objects.get(action=AuditAction.OTP_RESET)
    assert (event.actor_id, event.target_id) == (superuser.pk, str(editor.pk))


def test_an_editor_cannot_reset_anyones_second_factor(client, editor, correspondent_a):
    device = app_device(editor)
    app_device(correspondent_a)
    client.force_login(editor)
    give_code(client, device)

    response = client.post(reverse("admin:auth_user_reset_second_factor", args=[correspondent_a.pk]))

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=correspondent_a).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.OTP_RESET).exists()


def test_the_rule_who_must_enrol_agrees_with_who_is_an_editor(editor, correspondent_a, superuser):
    from articles.workflow import is_editor

    for user in (editor, correspondent_a, superuser):
        assert second_factor.is_required(user) == is_editor(user)


def test_resetting_a_second_factor_is_refused_in_the_domain_to_anyone_but_a_superuser(editor, correspondent_a):
    from django.core.exceptions import PermissionDenied

    app_device(correspondent_a)

    with pytest.raises(PermissionDenied):
        second_factor.reset(correspondent_a, by=editor)

    assert TOTPDevice.objects.filter(user=correspondent_a).exists()
