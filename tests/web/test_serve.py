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


def _production_env(tmp_path) -> dict[str, str]:
    """The production settings on a SQLite file in ``tmp_path`` (HTTP on loopback)."""
    env = {
        **os.environ,
        "LOTSE_ENV": "production",
        "LOTSE_SECRET_KEY": "serve-test-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lotse.sqlite3'}",
        "LOTSE_DATA_DIR": str(tmp_path),
        "LOTSE_SSL_REDIRECT": "false",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def _wait_until_up(port: int) -> tuple[int | None, str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            return _get(f"http://127.0.0.1:{port}/healthz")
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.3)
    return None, ""


def test_serve_answers_health_checks_with_the_production_settings(tmp_path):
    port = _free_port()
    env = _production_env(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "lotse.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        status, body = _wait_until_up(port)
        assert status == 200 and '"alive"' in body
        status, body = _get(f"http://127.0.0.1:{port}/readyz")
        assert status == 503 and "not applied" in body  # an empty database is not ready
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert "Booting worker" in output and "Shutting down" in output


def test_metrics_add_up_the_workers_and_are_refused_through_the_proxy(tmp_path):
    """Prometheus figures from two gunicorn workers, read at /metrics from this machine."""
    port = _free_port()
    env = _production_env(tmp_path)
    subprocess.run([sys.executable, "-m", "lotse.cli", "migrate", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "lotse.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(port)
        for _ in range(20):  # spread over both workers
            assert _get(f"http://127.0.0.1:{port}/healthz")[0] == 200
        status, body = _get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        count = next(
            line
            for line in body.splitlines()
            if line.startswith("lotse_request_duration_seconds_count") and 'view="healthz"' in line
        )
        assert float(count.rsplit(" ", 1)[1]) >= 21  # every worker's requests, added up
        assert "lotse_webhook_deliveries_pending 0.0" in body and "lotse_tasks_queued 0.0" in body
        proxied = urllib.request.Request(
            f"http://127.0.0.1:{port}/metrics", headers={"X-Forwarded-For": "203.0.113.9"}
        )
        try:
            urllib.request.urlopen(proxied, timeout=5)
            raise AssertionError("metrics answered a forwarded request")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
