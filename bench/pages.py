"""The analytic pages at 25,000 clients: the first request after a write, then warm.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_load uv run python bench/pages.py

Runs against the database ``bench/load.py`` built (the 25,000-client demo; run that first)
through Django's test client with the production settings, logged in as the demo's
controller. For each page: the request right after a change of configuration (every kept
result is computed anew, every column read again), right after a write about one client
that is not a contact (the contact columns are carried over), right after a contact
recorded through the service (the column snapshots catch up, the results are computed
again), then the median of ``--repeat`` warm requests (results kept per data version, lotse.core.kept).
Checks that the warm answer is the same page as the cold one.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from datetime import date

import inprocess  # bench/inprocess.py: this folder is first on the path

PAGES = {
    "contact-density page": "/evaluation/contact-density/?as_of={day}",
    "MBZ page": "/steering/mbz/?month={month}",
    "outreach figures page": "/outreach/?as_of={day}",
    "routing simulation page": "/routing/simulation/?as_of={day}",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--user", default="demo.controlling")
    parser.add_argument("--as-of", default=date.today().isoformat())
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    inprocess.setup("pages")
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client

    from lotse.clients.models import Person
    from lotse.contacts.services import contact_record
    from lotse.core import data_version

    day = date.fromisoformat(args.as_of)
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=args.user))
    somebody = Person.objects.filter(benefit_periods__valid_to__isnull=True).first()
    print(f"database: {connection.vendor}, {Person.objects.count():,} persons; reference date {day:%d.%m.%Y}")
    print(
        f"\n{'page':<26} {'after config':>13} {'after a client':>15} {'after a contact':>16}"
        f" {'warm (median)':>14}  same page"
    )
    for name, url in PAGES.items():
        url = url.format(day=day.isoformat(), month=f"{day:%Y-%m}")
        client.get(url)  # the process's first request (imports, templates) is not the page's
        with transaction.atomic():
            data_version.advance()  # any write that is not a contact: everything computed anew
        started = time.perf_counter()
        changed = client.get(url)
        changed_ms = (time.perf_counter() - started) * 1000
        assert changed.status_code == 200, (url, changed.status_code)
        with transaction.atomic():
            data_version.advance([somebody.pk])  # a write about one client that is not a contact
        started = time.perf_counter()
        client.get(url)
        client_ms = (time.perf_counter() - started) * 1000
        contact_record(person=somebody, staff=None, day=day, channel="phone", held=True, note="bench")
        started = time.perf_counter()
        cold = client.get(url)
        cold_ms = (time.perf_counter() - started) * 1000
        warm = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            warm.append((time.perf_counter() - started) * 1000)
        same = TOKEN.sub("", response.content.decode()) == TOKEN.sub("", cold.content.decode())
        print(
            f"{name:<26} {changed_ms:>10,.0f} ms {client_ms:>12,.0f} ms {cold_ms:>13,.0f} ms"
            f" {statistics.median(warm):>11,.1f} ms"
            f"  {'yes' if same else 'NO'}"
        )


if __name__ == "__main__":
    main()
