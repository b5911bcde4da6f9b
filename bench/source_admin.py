"""Benchmark the source desk: what encrypted identities cost on the admin's source pages.

    .venv/bin/python bench/source_admin.py                 # SQLite in a temporary folder, 200 sources
    BENCH_SOURCES=2000 .venv/bin/python bench/source_admin.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/source_admin.py

It migrates a throw-away database, adds the sources (half confidential, each with a
description, contact details and private notes), logs an editor in with Django's test
client and times (median of several runs, wall clock and this process's CPU time) the
changelist (100 a page), the changelist searched by a surname, and one confidential
source's change page. Run it on a
checkout from before the encryption to compare (it only sets the fields that exist).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = int(os.environ.get("BENCH_SOURCES", "200"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def median_ms(fn, clock):
    fn()  # warm up: templates compiled, caches filled
    times = []
    for _ in range(RUNS):
        started = clock()
        fn()
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def main():
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-sources-"))
    os.environ.setdefault("DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"))
    os.environ.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_LOG_LEVEL="WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model

    from people.models import Source

    fields = {f.name for f in Source._meta.get_fields()}
    editor = get_user_model().objects.create_superuser("bench-editor", "bench@example.org", "bench-password-1")
    for n in range(SOURCES):
        values = {
            "name": f"Firstname{n} Surname{n}",
            "description": f"Deputy head of district office number {n}",
            "confidential": n % 2 == 0,
            "public_descriptor": f"an official in district {n}" if n % 2 == 0 else "",
            "contact": f"+996 555 {n:06d}, Signal",
            "private_notes": f"Met twice in {n}; prefers calls after dark.",
        }
        Source.objects.create(**{k: v for k, v in values.items() if k in fields})
    target = Source.objects.filter(confidential=True).order_by("pk").first()

    client = Client()
    client.force_login(editor)
    pages = {
        "changelist (100 a page)": "/admin/people/source/",
        "changelist searched by surname": f"/admin/people/source/?q=Surname{SOURCES // 2}",
        "change page (confidential)": f"/admin/people/source/{target.pk}/change/",
    }
    encrypted = "contact" in fields
    kind = "encrypted" if encrypted else "clear"
    print(f"{kind} identities, {SOURCES} sources, {connection.vendor}, median of {RUNS}: wall clock, process CPU")
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        wall = median_ms(lambda url=url: client.get(url), time.perf_counter)
        cpu = median_ms(lambda url=url: client.get(url), time.process_time)
        print(f"  {label:34} {wall:7.1f} ms  {cpu:7.1f} ms CPU")


if __name__ == "__main__":
    main()
