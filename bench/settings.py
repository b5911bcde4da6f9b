"""Bench-only settings: the product's settings plus the floor view's URL (never used in production)."""

from newsroom.settings import *  # noqa: F403 (the product's settings, unchanged but for the URLs and key prefix)
from newsroom.settings import CACHES

ROOT_URLCONF = "bench.urls"
# The shared Redis may hold other people's keys: ours carry a prefix of our own.
CACHES["default"]["KEY_PREFIX"] = "newsroom-bench-h8"
