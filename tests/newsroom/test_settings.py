"""Settings come from the environment; production start-up fails loudly and passes ``check --deploy``.

Settings are read once per process, so each case starts a fresh ``manage.py`` with its own
environment rather than patching the module in this one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "x7Qm2vLr9Tn4Kp8Wc3Zy6Hb1Jd5Fs0Ga-Ue_Rt7Yi2Op4As6Df8Gh1Jk3Lz5Xc9Vb"
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "CACHE_URL": "redis://cache.internal:6379/0",
    "NEWSROOM_FIELD_KEYS": "pQm3tqcJYgXuJ8bq1wRwPo0kU3V4Y3G1cF5tQj7hO2E=",
}
# Variables that would leak the developer's (or CI's) configuration into a case.
CONFIG_PREFIXES = ("DJANGO_", "DATABASE_", "CACHE_URL", "EMAIL_", "MEDIA_", "STATIC_ROOT", "NEWSROOM_")

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "NEWSROOM_BASE_URL": settings.NEWSROOM_BASE_URL,
}))
"""


def run_python(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env):
    result = run_python(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_prints_no_warning_with_production_variables():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_missing_secret_key_with_debug_off_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}

    result = run_python(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_missing_allowed_hosts_with_debug_off_stops_start_up():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"}

    result = run_python(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_missing_cache_url_with_debug_off_stops_start_up_so_workers_never_serve_stale_pages():
    env = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}

    result = run_python(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "CACHE_URL must be set when DJANGO_DEBUG is off" in result.stderr


def test_missing_field_keys_with_debug_off_stops_start_up_so_no_identity_is_written_unencrypted():
    env = {k: v for k, v in PRODUCTION.items() if k != "NEWSROOM_FIELD_KEYS"}

    result = run_python(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: NEWSROOM_FIELD_KEYS must be set when DJANGO_DEBUG is off" in result.stderr


def test_a_malformed_field_key_stops_start_up_naming_which_key():
    result = run_python(
        ["manage.py", "check"], **{**PRODUCTION, "NEWSROOM_FIELD_KEYS": f"{PRODUCTION['NEWSROOM_FIELD_KEYS']},oops"}
    )

    assert result.returncode != 0
    assert "NEWSROOM_FIELD_KEYS: key 2 is not a Fernet key" in result.stderr
    assert "oops" not in result.stderr


def test_with_nothing_set_the_site_runs_in_debug_on_a_sqlite_file_in_the_project():
    values = settings_with()

    assert values["DEBUG"] is True
    assert values["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE_NAME"] == str(PROJECT / "db.sqlite3")
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_production_variables_switch_on_https_hashed_static_files_and_the_configured_services():
    values = settings_with(
        **PRODUCTION,
        DATABASE_URL="postgres://newsroom:pw@db.internal:5432/newsroom",
        DATABASE_CONN_MAX_AGE="120",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        MEDIA_ROOT="/srv/newsroom/media",
        NEWSROOM_BASE_URL="https://news.example.org/",
    )

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["news.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://news.example.org"]
    assert values["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert values["DATABASE_NAME"] == "newsroom"
    assert values["CONN_MAX_AGE"] == 120
    assert values["CACHE_BACKEND"] == "health.cache.ResilientRedisCache"
    assert values["STATICFILES_BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["MEDIA_ROOT"] == "/srv/newsroom/media"
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["NEWSROOM_BASE_URL"] == "https://news.example.org"


def test_an_unknown_cache_url_stops_start_up():
    result = run_python(["manage.py", "check"], CACHE_URL="memcached://cache.internal:11211")

    assert result.returncode != 0
    assert "CACHE_URL must start with" in result.stderr


@pytest.mark.parametrize("value", ["false", "OFF"])
def test_debug_is_off_for_every_usual_spelling_of_false(value):
    assert settings_with(**{**PRODUCTION, "DJANGO_DEBUG": value})["DEBUG"] is False


@pytest.mark.django_db
def test_health_check_answers_over_plain_http_while_every_other_page_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_media_goes_to_the_s3_bucket_when_one_is_named_and_to_disk_otherwise():
    show = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    on_disk = json.loads(run_python(["-c", show]).stdout)
    result = run_python(["-c", show], MEDIA_S3_BUCKET="newsroom-media", MEDIA_S3_ENDPOINT_URL="https://s3.example.net")
    in_bucket = json.loads(result.stdout)

    assert on_disk["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert in_bucket["BACKEND"] == "images.storage.MediaStorage"
    assert in_bucket["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert in_bucket["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
