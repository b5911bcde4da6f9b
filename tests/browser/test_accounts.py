"""Logins that survive a stolen password, in real Chromium: lockout, second factor, seized-device revocation,
and the desk's CSP leaving the rich-text editor working."""

import base64

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from audit.models import AuditAction, AuditEvent
from tests.factories import CorrespondentUserFactory, EditorFactory, SuperuserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
GENERIC = "Please enter the correct username and password"


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def submit_login(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")


def code_for(key):
    return f"{totp(key):06d}"


def csp_complaints(page):
    complaints = []
    page.on(
        "console",
        lambda msg: (
            complaints.append(msg.text)
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused" in msg.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: complaints.append(str(error)))
    return complaints


def test_the_rich_text_editor_works_under_the_desk_csp(browser, live_server):
    CorrespondentUserFactory(username="aigerim")
    context, page = new_page(browser)
    complaints = csp_complaints(page)
    try:
        submit_login(page, live_server, "aigerim")
        response = page.goto(f"{live_server.url}/admin/articles/article/add/")
        assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        box = page.locator(".ProseMirror[contenteditable=true]")
        box.click()
        page.keyboard.type("Water reached the border villages on Tuesday.")
        expect(box).to_contain_text("Water reached the border villages on Tuesday.")
        page.get_by_role("button", name="Bold").first.click() if page.get_by_role(
            "button", name="Bold"
        ).count() else None
        assert complaints == []
    finally:
        context.close()


def test_lockout_second_factor_and_seized_device_revocation(browser, live_server, settings):
    settings.NEWSROOM_2FA_REQUIRED = "staff-editors"
    CorrespondentUserFactory(username="aigerim")
    CorrespondentUserFactory(username="bakyt")
    EditorFactory(username="dilnoza")
    chief = SuperuserFactory(username="chief")
    chief_device = TOTPDevice.objects.create(user=chief, name="Authenticator app", confirmed=True)
    contexts = []
    try:
        # Aigerim is logged in on her phone and her laptop.
        phone_context, phone = new_page(browser)
        laptop_context, laptop = new_page(browser)
        contexts += [phone_context, laptop_context]
        for page in (phone, laptop):
            submit_login(page, live_server, "aigerim")
            expect(page).to_have_url(f"{live_server.url}/admin/")

        # Someone guesses at her password ten times; the eleventh try, the right one, is refused like the rest.
        guesser_context, guesser = new_page(browser)
        contexts.append(guesser_context)
        for attempt in range(10):
            submit_login(guesser, live_server, "aigerim", f"guess-{attempt}")
            expect(guesser.locator(".errornote")).to_contain_text(GENERIC)
        submit_login(guesser, live_server, "aigerim")
        expect(guesser).to_have_url(f"{live_server.url}/admin/login/")
        expect(guesser.locator(".errornote")).to_contain_text(GENERIC)

        # Bakyt, at the same address, logs in as usual.
        bakyt_context, bakyt = new_page(browser)
        contexts.append(bakyt_context)
        submit_login(bakyt, live_server, "bakyt")
        expect(bakyt).to_have_url(f"{live_server.url}/admin/")

        # The editor has no second factor: no desk page opens, a deep link included, until she enrols.
        editor_context, editor = new_page(browser)
        contexts.append(editor_context)
        submit_login(editor, live_server, "dilnoza")
        expect(editor).to_have_url(f"{live_server.url}/admin/account/second-factor/enrol/?next=%2Fadmin%2F")
        editor.goto(f"{live_server.url}/admin/articles/article/desk/")
        expect(editor.locator("#enrol-form")).to_be_visible()
        expect(editor.locator(".enrol-qr svg")).to_be_visible()
        secret = editor.locator(".enrol-secret").inner_text().replace(" ", "")
        editor.fill("#id_code", code_for(base64.b32decode(secret)))
        with editor.expect_navigation():
            editor.get_by_role("button", name="Turn on the second factor").click()
        expect(editor.locator(".recovery-codes li")).to_have_count(10)
        with editor.expect_navigation():
            editor.get_by_role("link", name="I have kept them: continue").click()
        expect(editor).to_have_url(f"{live_server.url}/admin/articles/article/desk/")

        # The superuser gives a code, then ends every session of Aigerim's (her phone was seized).
        chief_context, desk = new_page(browser)
        contexts.append(chief_context)
        submit_login(desk, live_server, "chief")
        expect(desk.locator("#second-factor-form")).to_be_visible()
        desk.fill("#id_code", code_for(chief_device.bin_key))
        with desk.expect_navigation():
            desk.get_by_role("button", name="Continue").click()
        expect(desk).to_have_url(f"{live_server.url}/admin/")
        aigerim = CorrespondentUserFactory._meta.model.objects.get(username="aigerim")
        desk.goto(f"{live_server.url}/admin/auth/user/{aigerim.pk}/change/")
        with desk.expect_navigation():
            desk.locator(".end-sessions-link").click()
        with desk.expect_navigation():
            desk.get_by_role("button", name="Log out everywhere").click()
        expect(desk.locator(".messagelist")).to_contain_text("logged out of 2 sessions.")

        phone.goto(f"{live_server.url}/admin/articles/article/")
        expect(phone).to_have_url(f"{live_server.url}/admin/login/?next=/admin/articles/article/")
        laptop.reload()
        expect(laptop.locator("#id_username")).to_be_visible()
        bakyt.reload()
        expect(bakyt).to_have_url(f"{live_server.url}/admin/")
    finally:
        for context in contexts:
            context.close()

    actions = list(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        AuditAction.LOGIN,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOCKOUT,
        AuditAction.OTP_ENROLLED,
        AuditAction.SESSIONS_REVOKED,
    ):
        assert action in actions, action
    assert actions.count(AuditAction.LOCKOUT) == 1
    call_command("verify_audit")
