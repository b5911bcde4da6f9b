"""`make run` checks its port before it installs anything, and says how to pick another."""

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(*args):
    return subprocess.run(  # noqa: S603 (fixed arguments: our own Makefile)
        [shutil.which("make"), "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_taken_port_stops_make_run_before_any_install_and_names_a_free_one(tmp_path):
    venv = tmp_path / "venv-never-made"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = make("run", f"PORT={port}", f"VENV={venv}")

    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stdout
    assert "make run PORT=" in result.stdout
    assert not venv.exists()


def test_a_free_port_passes_the_check():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    assert make("check-port", f"PORT={port}").returncode == 0


def test_help_mentions_port():
    assert "make run PORT=8001" in make("help").stdout
