"""A desk that holds against a hostile colleague: issue 8's "done when", in Chromium against gunicorn in production.

The test starts the project's gunicorn (``gunicorn.conf.py``, DEBUG off, a secret key, hashed
static files, field keys) on a free port with its own database — a SQLite file in ``tmp_path``,
or, when the suite runs on PostgreSQL, a throwaway database created and dropped here — fills it
through ``manage.py shell``, and stops the server by PID at the end. Then two correspondents,
an editor and a superuser use the desk as they would, and the test checks what they notice,
the audit trail (``verify_audit`` passes, then fails after a raw edit of one entry) and the raw
sources table.

Host: production cookies are ``Secure``. Chromium treats ``http://127.0.0.1`` as a potentially
trustworthy origin, like ``localhost``: it keeps and sends Secure cookies there and sends
``Sec-Fetch-Site`` (which the desk's CSRF check needs with ``Referrer-Policy: no-referrer``, see
docs/security.md). So the server is reached at ``http://127.0.0.1`` with
``DJANGO_ALLOWED_HOSTS=127.0.0.1`` and no extra setting; the logins below prove it.
"""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
GENERIC = "Please enter the correct username and password"
CONFIDENTIAL_NAME = "Zhyldyz Insidertestova"
EDITOR_KEY = "3132333435363738393031323334353637383930"  # hex, as TOTPDevice stores it
CHIEF_KEY = "4142434445464748494a4b4c4d4e4f5051525354"

SETUP = f"""
import json
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from people.models import Source
from people.roles import make_correspondent, make_editor
from tests.factories import ArticleFactory, BylineFactory, ImageFactory

User = get_user_model()
a = User.objects.create_user("aigerim", password="{PASSWORD}")
b = User.objects.create_user("bakyt", password="{PASSWORD}")
a_profile = make_correspondent(a, name="Aigerim Desk")
b_profile = make_correspondent(b, name="Bakyt Desk")
editor = make_editor(User.objects.create_user("dilnoza", password="{PASSWORD}"))
chief = User.objects.create_superuser("chief", password="{PASSWORD}")
TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True, key="{EDITOR_KEY}")
TOTPDevice.objects.create(user=chief, name="Phone", confirmed=True, key="{CHIEF_KEY}")

a_image = ImageFactory(uploaded_by=a, alt_text="Insider marker of Aigerim's draft")
a_draft = ArticleFactory(lead_image=a_image)
BylineFactory(article=a_draft, correspondent=a_profile)
b_image = ImageFactory(uploaded_by=b, alt_text="Insider marker of Bakyt's live story")
b_live = ArticleFactory(lead_image=b_image, live=True)
BylineFactory(article=b_live, correspondent=b_profile)
source = Source.objects.create(
    name="{CONFIDENTIAL_NAME}", confidential=True, public_descriptor="a clerk at a district court", added_by=b
)
print("IDS=" + json.dumps(dict(
    a=a.pk, b=b.pk, a_image=a_image.pk, b_image=b_image.pk, b_live=b_live.pk, source=source.pk,
)))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, check=True):
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


def query(env, code):
    """Run ``code`` in the server's own settings and database; it prints one JSON value."""
    return json.loads(manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1])


@pytest.fixture
def database(tmp_path):
    """The server's own database: (DATABASE_URL, a function opening a raw DB-API connection)."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        path = tmp_path / "insider.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return

    import psycopg

    name = f"newsroom_insider_{os.getpid()}"
    server_url = suite_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}", lambda: psycopg.connect(f"{server_url}/{name}", autocommit=True)
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production(tmp_path, database):
    """gunicorn with production settings on a free port: (base URL, env, ids, raw connection opener)."""
    database_url, connect = database
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-insider-gunicorn-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": "locmem://",
        "WEB_CONCURRENCY": "1",
        "NEWSROOM_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "immediate",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # One process collects the static files (pages name their hashed copies, as in production),
    # migrates the server's database and fills it: each Django start costs seconds here.
    setup = manage(env, "shell", "-c", SETUP).stdout
    ids = json.loads(next(line for line in setup.splitlines() if line.startswith("IDS="))[4:])

    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--graceful-timeout", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/robots.txt", timeout=5) as answer:  # noqa: S310 (our server)
                    if answer.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield base, env, ids, connect
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def new_page(browser, contexts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    contexts.append(context)
    return context.new_page()


def submit_login(page, base, username, password=PASSWORD):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")


def give_code(page, hex_key):
    page.fill("#id_code", f"{totp(bytes.fromhex(hex_key)):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def test_two_correspondents_an_editor_and_a_superuser_against_gunicorn_in_production(browser, production):
    base, env, ids, connect = production
    image_url = f"{base}/admin/images/image/{{}}/change/"
    contexts = []
    try:
        # 1. Aigerim cannot open, list, pick or change Bakyt's image of a live story, nor open his source.
        aigerim = new_page(browser, contexts)
        submit_login(aigerim, base, "aigerim")
        expect(aigerim).to_have_url(f"{base}/admin/")

        refused = aigerim.goto(image_url.format(ids["b_image"]))
        assert refused.status in (403, 404)
        expect(aigerim.locator("body")).not_to_contain_text("Insider marker of Bakyt")
        missing = aigerim.goto(image_url.format(999_999))
        assert missing.status == refused.status  # the same answer as for an image that does not exist

        aigerim.goto(f"{base}/admin/images/image/")
        expect(aigerim.locator(f'a[href="/admin/images/image/{ids["a_image"]}/change/"]')).to_have_count(1)
        expect(aigerim.locator(f'a[href="/admin/images/image/{ids["b_image"]}/change/"]')).to_have_count(0)

        picks = aigerim.evaluate(
            """async () => {
                const query = new URLSearchParams({app_label: "articles", model_name: "article",
                                                   field_name: "lead_image", term: "Insider marker"});
                const answer = await fetch("/admin/autocomplete/?" + query);
                return {status: answer.status, body: await answer.json()};
            }"""
        )
        assert picks["status"] == 200
        picked = [result["id"] for result in picks["body"]["results"]]
        assert str(ids["a_image"]) in picked  # the search works: her own image is offered
        assert str(ids["b_image"]) not in picked

        assert aigerim.goto(f"{base}/admin/people/source/{ids['source']}/change/").status == 404
        expect(aigerim.locator("body")).not_to_contain_text(CONFIDENTIAL_NAME)

        aigerim.goto(f"{base}/admin/images/image/{ids['a_image']}/change/")
        token = aigerim.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        forged = aigerim.request.post(
            image_url.format(ids["b_image"]),
            form={"csrfmiddlewaretoken": token, "alt_text": "Defaced", "caption": "Defaced", "credit": "Defaced"},
            headers={"Referer": f"{base}/admin/", "Origin": base},
        )
        assert forged.status == 404, forged.status  # past the CSRF check, refused by the row rule (checked below)

        # 2. Ten wrong passwords lock Aigerim, the right one then fails alike; Bakyt logs in from the same browser.
        guesser = new_page(browser, contexts)
        for attempt in range(10):
            submit_login(guesser, base, "aigerim", f"guess-{attempt}")
            expect(guesser.locator(".errornote")).to_contain_text(GENERIC)
        submit_login(guesser, base, "aigerim")
        expect(guesser).to_have_url(f"{base}/admin/login/")
        expect(guesser.locator(".errornote")).to_contain_text(GENERIC)
        submit_login(guesser, base, "bakyt")
        expect(guesser).to_have_url(f"{base}/admin/")
        bakyt = guesser

        # 3. The editor, past her password, reaches no desk page until she gives the code.
        editor = new_page(browser, contexts)
        submit_login(editor, base, "dilnoza")
        expect(editor.locator("#second-factor-form")).to_be_visible()
        for path in ("/admin/", f"/admin/articles/article/{ids['b_live']}/change/", "/admin/people/source/"):
            editor.goto(f"{base}{path}")
            expect(editor.locator("#second-factor-form")).to_be_visible()
            expect(editor.locator("#content-main")).not_to_contain_text(CONFIDENTIAL_NAME)
        editor.goto(f"{base}/admin/articles/article/desk/")
        expect(editor.locator("#second-factor-form")).to_be_visible()
        give_code(editor, EDITOR_KEY)
        expect(editor).to_have_url(f"{base}/admin/articles/article/desk/")
        expect(editor.locator("#second-factor-form")).to_have_count(0)

        # 4. Bakyt's phone is seized: the superuser logs him out everywhere; his open session ends at once.
        chief = new_page(browser, contexts)
        submit_login(chief, base, "chief")
        expect(chief.locator("#second-factor-form")).to_be_visible()
        give_code(chief, CHIEF_KEY)
        expect(chief).to_have_url(f"{base}/admin/")
        chief.goto(f"{base}/admin/auth/user/{ids['b']}/change/")
        with chief.expect_navigation():
            chief.locator(".end-sessions-link").click()
        with chief.expect_navigation():
            chief.get_by_role("button", name="Log out everywhere").click()
        expect(chief.locator(".messagelist")).to_contain_text("logged out of 1 session.")
        bakyt.goto(f"{base}/admin/articles/article/")
        expect(bakyt).to_have_url(f"{base}/admin/login/?next=/admin/articles/article/")
    finally:
        for context in contexts:
            context.close()

    after = query(
        env,
        "import json; from audit.models import AuditEvent; from images.models import Image; print(json.dumps(dict("
        f"alt=Image.objects.get(pk={ids['b_image']}).alt_text,"
        "actions=list(AuditEvent.objects.values_list('action', flat=True)))))",
    )
    # The forged POST changed nothing.
    assert after["alt"] == "Insider marker of Bakyt's live story"

    # 5. Every act is in the trail, which verifies; a raw edit of one entry breaks it.
    actions = after["actions"]
    for action in ("login", "login_failed", "lockout", "access_refused", "sessions_revoked"):
        assert action in actions, action
    assert actions.count("lockout") == 1
    assert actions.count("login_failed") >= 11
    verified = manage(env, "verify_audit", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    with connect() as raw:
        if isinstance(raw, sqlite3.Connection):
            raw.execute("DROP TRIGGER audit_event_append_only")
        else:
            raw.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        (lockout_id,) = raw.execute("SELECT id FROM audit_auditevent WHERE action = 'lockout'").fetchone()
        raw.execute(f"UPDATE audit_auditevent SET actor_label = 'nobody' WHERE id = {lockout_id}")  # noqa: S608 (an int)
        if isinstance(raw, sqlite3.Connection):
            raw.commit()
    tampered = manage(env, "verify_audit", check=False)
    assert tampered.returncode != 0, tampered.stdout
    assert f"Audit trail broken at entry {lockout_id} " in tampered.stderr, tampered.stderr

    # 6. The sources table holds no confidential name in clear.
    with connect() as raw:
        stored = [row[0] for row in raw.execute("SELECT name FROM people_source").fetchall()]
    assert len(stored) == 1
    assert "Insidertestova" not in str(stored[0])
    assert "Zhyldyz" not in str(stored[0])
