"""``lotse serve`` — the production server: gunicorn with Lotse's WSGI application.

Why gunicorn: a mature pre-fork server in the package index, no compiler needed, graceful
reload on SIGHUP (``systemctl reload lotse``), worker recycling, and Lotse's views are
synchronous Django views, which is what its sync workers serve. Workers default to the
CPU count plus one: the work per request is Python (templates, audit writes), so more
processes than cores only queue. Static files come from WhiteNoise in the same process;
the reverse proxy (nginx, ``deploy/nginx-lotse.conf``) terminates TLS.
"""

from __future__ import annotations

import os

from lotse.core.commands import LotseCommand


def default_workers() -> int:
    return (os.cpu_count() or 1) + 1


class Command(LotseCommand):
    help = "Serve Lotse with gunicorn behind a reverse proxy (see README, 'Production')."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind", default=os.environ.get("LOTSE_BIND", "127.0.0.1:8000"), help="host:port"
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("LOTSE_WORKERS", default_workers()))
        )
        parser.add_argument(
            "--timeout", type=int, default=120, help="seconds before a stuck worker is restarted"
        )
        parser.add_argument(
            "--max-requests", type=int, default=2000, help="recycle a worker after this many requests"
        )
        parser.add_argument("--check", action="store_true", help="print the configuration and exit")

    def handle(self, *args, **options) -> None:
        config = {
            "bind": options["bind"],
            "workers": max(1, options["workers"]),
            "timeout": options["timeout"],
            "graceful_timeout": 30,
            "max_requests": options["max_requests"],
            "max_requests_jitter": max(1, options["max_requests"] // 10),
            "accesslog": None,  # lotse.core.logs writes one JSON line per request instead
            "errorlog": "-",
            "forwarded_allow_ips": os.environ.get("LOTSE_PROXY_IPS", "127.0.0.1"),
            "proc_name": "lotse",
        }
        if options["check"]:
            for key, value in config.items():
                self.stdout.write(f"{key} = {value}")
            return
        from django.core.wsgi import get_wsgi_application
        from gunicorn.app.base import BaseApplication

        class LotseServer(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return get_wsgi_application()

        LotseServer().run()
