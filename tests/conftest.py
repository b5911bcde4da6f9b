import pytest
from django.conf import settings as django_settings


def pytest_report_header(config):
    db = django_settings.DATABASES["default"]
    return f"newsroom database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('NAME')})"


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """The database engine goes into the JUnit report, so CI can prove which database a run used.

    Written by the process that writes the report (with pytest-xdist, the controller; a
    ``record_testsuite_property`` fixture would run in the workers and be lost).
    """
    from _pytest.junitxml import xml_key

    xml = config.stash.get(xml_key, None)
    if xml is not None:
        xml.add_global_property("database_engine", django_settings.DATABASES["default"]["ENGINE"])


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked ``postgres`` need PostgreSQL features (full-text search); elsewhere they skip."""
    if request.node.get_closest_marker("postgres") is None:
        return
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        pytest.skip(f"needs PostgreSQL (this run uses {engine}; set DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing a real password costs most of a second; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from articles.caching import forget_versions

    cache.clear()
    forget_versions()
    yield
    cache.clear()
    forget_versions()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Queued work (mail, renditions) runs inside the call that queues it; queue tests opt out."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
