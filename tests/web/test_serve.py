"""``lotse serve``: the production server starts with the production settings and answers
the health checks (issue 23). A real gunicorn process on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_serve_answers_health_checks_with_the_production_settings(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "LOTSE_ENV": "production",
        "LOTSE_SECRET_KEY": "serve-test-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "LOTSE_DATA_DIR": str(tmp_path),
        "LOTSE_SSL_REDIRECT": "false",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "lotse.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.3)
        assert status == 200 and '"alive"' in body
        status, body = _get(f"http://127.0.0.1:{port}/readyz")
        assert status == 503 and "not applied" in body  # an empty database is not ready
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert "Booting worker" in output and "Shutting down" in output
