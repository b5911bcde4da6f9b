"""An outage is logged once per interval, not once per request.

A cache or database that is down fails every request; logging each failure would bury the log
(and the disk) under copies of one line. Each kind of failure is logged when first seen, then at
most once per ``interval`` seconds, with how many failures were not logged in between.
"""

import logging
import threading
import time

logger = logging.getLogger("newsroom.health")

_lock = threading.Lock()
_last_logged = {}
_suppressed = {}


def warn_once_per(key, interval, message, *args):
    """Log ``message`` as a warning unless ``key`` was logged less than ``interval`` seconds ago."""
    now = time.monotonic()
    with _lock:
        last = _last_logged.get(key)
        if last is not None and now - last < interval:
            _suppressed[key] = _suppressed.get(key, 0) + 1
            return False
        _last_logged[key] = now
        skipped = _suppressed.pop(key, 0)
    if skipped:
        message = f"{message} ({skipped} more since the last report)"
    logger.warning(message, *args)
    return True


def reset():
    """Forget what was logged (for tests)."""
    with _lock:
        _last_logged.clear()
        _suppressed.clear()
