"""Benchmark one article page: requests/second under gunicorn, query count and page weight.

    .venv/bin/python bench/article_page.py            # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/article_page.py

It builds a throw-away production-like site (DEBUG off, collected static files,
the demo content from ``loaddemo``), then measures:

- the article page's weight: HTML + CSS + JS, without images (budget: 60 KB);
- the queries one uncached render runs;
- requests/second with gunicorn (2 sync workers), measured with ``wrk`` (Debian
  package) when installed, else with a small threaded Python client; once with the
  page cache on (what readers get) and once with ``CACHE_URL=dummy://`` (every
  request renders the page from the database).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6390"))


def environment(tmp, cache_url):
    env = dict(os.environ)
    env.update(
        CACHE_URL=cache_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",  # noqa: S106
        NEWSROOM_FIELD_KEYS="YmVuY2gtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE=",  # noqa: S106 (bench only)
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def start_redis():
    """A private, memory-only Redis for the run (the shared cache production uses), if installed."""
    binary = shutil.which("redis-server")
    if not binary:
        return None
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [binary, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    return None


def manage(env, *args):
    subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def measure_page(env):
    """Query count of one uncached render, and the page's weight, measured in this process."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.caching import check_schedule, forget_versions
    from articles.models import Article

    article = (
        Article.objects.live().exclude(lead_image=None).order_by("-publish_at").first()
        or Article.objects.live().first()
    )
    if article is None:
        sys.exit("No live article in the demo content.")
    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    forget_versions()
    check_schedule()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    html = response.content
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(rb'<script src="([^"]+)"', html)
    asset_bytes = 0
    for href in assets:
        name = href.decode().removeprefix(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/")
        asset_bytes += (Path(env["STATIC_ROOT"]) / name).stat().st_size
    return {
        "url": article.get_absolute_url(),
        "queries": len(queries),
        "bytes": len(html) + asset_bytes,
        "html": len(html),
        "assets": asset_bytes,
        "bylines": article.bylines.count(),
        "citations": article.citations.count(),
    }


def serve(env, extra=None):
    env = {**env, **(extra or {})}
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [GUNICORN, "newsroom.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", WORKERS, "--access-logfile", "/dev/null",
         "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)  # noqa: S310 (local)
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    sys.exit("gunicorn did not start")


def load(url):
    if shutil.which("wrk"):
        out = subprocess.run(  # noqa: S603 (our own command)
            [shutil.which("wrk"), "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "wrk"
    done, stop = [0], time.monotonic() + SECONDS

    def worker():
        while time.monotonic() < stop:
            urllib.request.urlopen(url).read()  # noqa: S310 (local)
            done[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / SECONDS, "python client"


def main():
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    redis = start_redis()
    global WORKERS
    if redis is None:
        # Without a shared cache, each worker would keep its own cache version: bench one worker only.
        WORKERS = "1"
    env = environment(tmp, f"redis://127.0.0.1:{REDIS_PORT}/0" if redis else "locmem://")
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "loaddemo")
        manage(env, "make_renditions")
        manage(env, "collectstatic", "--noinput")
        page = measure_page(env)
        url = f"http://127.0.0.1:{PORT}{page['url']}"
        results = {}
        for label, extra in (("cached", None), ("uncached", {"CACHE_URL": "dummy://"})):
            server = serve(env, extra)
            try:
                urllib.request.urlopen(url).read()  # noqa: S310 (local)
                results[label] = load(url)
            finally:
                server.terminate()
                server.wait()
        print(f"article page: {page['url']} ({page['bylines']} bylines, {page['citations']} citations)")
        print(
            f"page weight: {page['bytes']:,} bytes (HTML {page['html']:,} + CSS/JS {page['assets']:,}); budget 61,440"
        )
        print(f"queries for one uncached render: {page['queries']}")
        setup = f"{CONNECTIONS} connections, {WORKERS} gunicorn workers, {SECONDS}s, cache {env['CACHE_URL']}"
        for label, (rps, tool) in results.items():
            print(f"{label}: {rps:,.0f} requests/second ({tool}; {setup})")
        cpus, averages = os.cpu_count(), ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {cpus} CPUs, load average {averages} (other work on the machine lowers these figures)")
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
