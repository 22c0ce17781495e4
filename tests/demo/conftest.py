"""The demo Jobcenter (1,500 clients, seed 7, reference date 21.11.2026), built once for
every test in this package.

It is written inside one transaction that stays open while the package runs and is
rolled back at the end; each test runs in a savepoint inside it (pytest-django's ``db``),
so a test can change the demo freely and the next one sees it as it was built. This is
what ``django.test.TestCase.setUpTestData`` does for a class, for a package of tests.
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

AS_OF = date(2026, 11, 21)
CLIENTS = 1500
SEED = 7


@pytest.fixture(scope="package")
def demo_jobcenter(django_db_setup, django_db_blocker):
    """The output of ``lotse demo`` (log-ins included); the data stay until the package ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command(
                "demo", "--no-serve", "--clients", str(CLIENTS), "--as-of", AS_OF.isoformat(),
                "--seed", str(SEED), stdout=out,
            )  # fmt: skip
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_jobcenter, db):
    """The demo inside this test's savepoint."""
    return demo_jobcenter
