"""Requests/second of cached and uncached pages beside the framework's floor, on SQLite and PostgreSQL.

    .venv/bin/python bench/cached_path.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/cached_path.py
    BENCH_DATABASES=sqlite .venv/bin/python bench/cached_path.py      # one database only

For each database it builds a throw-away production-like site (DEBUG off, collected static
files, ``loaddemo``), starts gunicorn with the same settings for every case (2 sync workers,
``bench.settings``: the product's settings plus a bench-only floor URL) and runs ``wrk``
(``apt-get install wrk``) against:

- the floor: a trivial Django view returning a 30 KB string, through the whole middleware stack,
  measured again right before each case (the ratio is to that run: a loaded machine drifts);
- an article page and the home page served from the page cache (Redis, ``CACHE_URL``, default
  ``redis://127.0.0.1:6379/7`` with a key prefix of its own; only its own keys are deleted);
- the same two pages rendered on every request (``CACHE_URL=dummy://``).

It prints requests/second and each case's ratio to the floor (targets: cached ≥ 80 %,
uncached article ≥ 12 %, uncached home ≥ 8 %) and the machine's load average.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = "2"
REDIS_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
KEY_PREFIX = "newsroom-bench-h8"
TARGETS = {"cached article": 0.80, "cached home": 0.80, "uncached article": 0.12, "uncached home": 0.08}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(tmp, database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        CACHE_URL=REDIS_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        # Production settings refuse to start without a field key; this one is for the bench only.
        NEWSROOM_FIELD_KEYS="YmVuY2gtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE=",
    )
    return env


def manage(env, *args, capture=False):
    return subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def forget_our_keys():
    """Delete this bench's keys only (never FLUSHDB: the Redis is shared)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{KEY_PREFIX}:*", count=1000):
        client.delete(key)


def serve(env, port):
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [GUNICORN, "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", WORKERS, "--access-logfile", "/dev/null",
         "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-floor/", timeout=1)  # noqa: S310 (local)
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    sys.exit("gunicorn did not start")


def wrk(url):
    out = subprocess.run(  # noqa: S603 (our own command)
        [shutil.which("wrk"), "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{url} answered {errors.group(1)} errors under load")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def bench_database(label, database_url):
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = environment(tmp, database_url)
    try:
        forget_our_keys()
        manage(env, "migrate", "--noinput")
        manage(env, "loaddemo")
        manage(env, "collectstatic", "--noinput")
        article = manage(
            env,
            "shell",
            "-c",
            "from articles.models import Article; "
            "print(Article.objects.live().exclude(lead_image=None).order_by('-publish_at').first().get_absolute_url())",
        ).split()[-1]
        results = {}
        for cache_label, extra in (("cached", {}), ("uncached", {"CACHE_URL": "dummy://"})):
            port = free_port()
            server = serve({**env, **extra}, port)
            try:
                base = f"http://127.0.0.1:{port}"
                for page, path in (("article", article), ("home", "/")):
                    urllib.request.urlopen(base + path).read()  # noqa: S310 (local; warms the cache)
                    # The machine's load drifts: each case is paired with a floor run just before it.
                    floor = wrk(f"{base}/bench-floor/")
                    results[f"{cache_label} {page}"] = (floor, wrk(base + path))
            finally:
                server.terminate()
                server.wait()
        return article, results
    finally:
        forget_our_keys()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    databases = []
    if "sqlite" in wanted:
        databases.append(("SQLite", None))
    if "postgresql" in wanted:
        databases.append(
            ("PostgreSQL", os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"))
        )
    before = os.getloadavg()
    for label, url in databases:
        tmp_sqlite = None
        if url is None:
            tmp_sqlite = Path(tempfile.mkdtemp(prefix="newsroom-bench-db-"))
            url = f"sqlite:///{tmp_sqlite}/bench.sqlite3"
        try:
            article, results = bench_database(label, url)
        finally:
            if tmp_sqlite:
                shutil.rmtree(tmp_sqlite, ignore_errors=True)
        print(f"\n{label}: gunicorn {WORKERS} sync workers, wrk -t2 -c{CONNECTIONS} -d{SECONDS}s, article {article}")
        print(f"{'case':<18}{'floor req/s':>12}{'req/s':>8}{'of floor':>10}{'target':>9}")
        for case, (floor, rps) in results.items():
            print(f"{case:<18}{floor:>12,.0f}{rps:>8,.0f}{rps / floor:>10.0%}{'≥' + format(TARGETS[case], '.0%'):>9}")
    after = os.getloadavg()
    print(
        f"\nmachine: {os.cpu_count()} CPUs, load average {before[0]:.1f} before and {after[0]:.1f} after "
        "(wrk and other work on the machine share the CPUs; compare the ratios, not the absolute numbers)"
    )


if __name__ == "__main__":
    main()
