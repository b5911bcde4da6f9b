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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, the test database is a file in memory-backed storage rather than ``:memory:``.

    An in-memory database is one connection, which Django shares between the test and every
    thread of the live server: two browser requests at once then interleave their transactions
    on it. With a file each thread has its own connection, as each worker has in production.
    """
    import os
    import tempfile
    from pathlib import Path

    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        # Memory-backed where there is one (fast, private to this machine's test run); else the temp dir.
        shm = Path("/dev/shm")  # noqa: S108
        folder = shm if shm.is_dir() else Path(tempfile.gettempdir())
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        db.setdefault("TEST", {})["NAME"] = str(folder / f"newsroom-test-{os.getpid()}-{worker}.sqlite3")


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
