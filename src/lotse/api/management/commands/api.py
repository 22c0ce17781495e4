"""``lotse api``: the OpenAPI schema, service accounts and tokens.

lotse api schema [--check] [--output docs/openapi.json]
lotse api service-account NAME [--description TEXT]
lotse api token USERNAME --name N --scope clients:read [--scope …] [--days 90]
lotse api revoke PREFIX
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from lotse.core.clock import today
from lotse.core.commands import LotseCommand

SCHEMA_FILE = Path(__file__).resolve().parents[5] / "docs" / "openapi.json"


def generated_schema() -> str:
    from lotse.api.main import api

    return (
        json.dumps(
            api.get_openapi_schema(path_prefix="/api/v1"), indent=1, ensure_ascii=False, sort_keys=True
        )
        + "\n"
    )


class Command(LotseCommand):
    help = "The API's OpenAPI schema, service accounts and tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        schema = sub.add_parser("schema", help="write the OpenAPI schema, or check the committed one")
        schema.add_argument("--check", action="store_true", help="exit 1 if the committed schema differs")
        schema.add_argument("--output", default=str(SCHEMA_FILE), help="'-' for standard output")
        account = sub.add_parser("service-account", help="create an integration account (no password)")
        account.add_argument("username")
        account.add_argument("--description", default="")
        token = sub.add_parser("token", help="make a token for an account; printed once")
        token.add_argument("username")
        token.add_argument("--name", required=True)
        token.add_argument("--scope", dest="scopes", action="append", required=True)
        token.add_argument("--days", type=int, default=90)
        revoke = sub.add_parser("revoke", help="revoke the token with this prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _schema(self, options):
        text = generated_schema()
        target = options["output"]
        if options["check"]:
            committed = Path(target).read_text(encoding="utf-8") if Path(target).exists() else ""
            if committed != text:
                raise CommandError(
                    f"{target} differs from the schema the code generates; "
                    "run 'lotse api schema' and commit it"
                )
            self.stdout.write(f"{target} is up to date")
        elif target == "-":
            sys.stdout.write(text)
        else:
            Path(target).write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {target}")

    def _service_account(self, options):
        from lotse.api.tokens import service_account_create

        account = service_account_create(username=options["username"], description=options["description"])
        self.stdout.write(f"service account {account.user.username} created (role: integration)")

    def _token(self, options):
        from lotse.api.tokens import token_create

        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no account named {options['username']}")
        issued = token_create(
            user=user,
            name=options["name"],
            scopes=options["scopes"],
            expires_on=today() + timedelta(days=options["days"]),
            today=today(),
        )
        self.stdout.write(issued.secret)

    def _revoke(self, options):
        from lotse.api.models import ApiToken
        from lotse.api.tokens import token_revoke

        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"no token with prefix {options['prefix']}")
        token_revoke(token=token)
        self.stdout.write(f"revoked {token}")
