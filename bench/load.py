"""Capacity: logged-in caseworkers doing the daily mix against ``lotse serve`` on PostgreSQL.

    uv run python bench/load.py                       # build the 25,000-client demo, then both runs
    uv run python bench/load.py --skip-build          # reuse the database of an earlier run
    uv run python bench/load.py --server granian      # the same load against granian

Builds the demo Jobcenter (``--clients``, default 25,000) into a scratch PostgreSQL
database (``--database-url``, emptied first), gives ``--users`` caseworkers with a caseload
a log-in, starts the production server with the production settings, and runs two loads:

- **saturation**: ``--saturation-users`` caseworkers without think time, for ``--seconds``;
- **think time**: ``--users`` caseworkers who wait 5-10 s between steps, for ``--seconds``.

Each caseworker logs in (log-in page, then the form), then repeats: worklist (all clients,
first page) → a client record from it → save a contact there (the form's POST) → the
record again (the redirect).
Afterwards every contact the server acknowledged (302) is looked up in the database: a
lost write is reported. Prints requests/s, p50/p95/p99 per step, errors and lost writes.

The load generator runs in this process (threads, httpx); its own CPU use is part of the
machine's, as a real proxy's would be.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Last-Test-Kennwort-2026"
CLIENT_LINK = re.compile(r'href="/clients/([A-Za-z0-9_-]+)/\?')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TARGETS = {"saturation_rps": 60.0, "think_p95_ms": 300.0, "login_p95_ms": 500.0}


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (client, note)
    lock: threading.Lock = field(default_factory=threading.Lock)
    generator_cpu: float = 0.0
    machine_cpu: float = 0.0  # seconds of CPU of the whole machine during the run

    def add(self, step: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.samples[step].append(seconds)
            if not ok:
                self.errors[f"{step}: {detail}"] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, default=25_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lotse_load"),
    )
    parser.add_argument("--skip-build", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--server", choices=["gunicorn", "granian"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--saturation-users", type=int, default=16)
    parser.add_argument("--users", type=int, default=64, help="caseworkers of the think-time run")
    parser.add_argument("--seconds", type=int, default=60, help="length of each run")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 10.0), metavar=("MIN", "MAX"))
    parser.add_argument("--only", choices=["saturation", "think"], default=None)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="lotse-load-"))
    env = {
        **os.environ,
        "LOTSE_ENV": "production",
        "LOTSE_SECRET_KEY": "load-test-" + "k" * 50,
        "DATABASE_URL": args.database_url,
        "LOTSE_DATA_DIR": str(data_dir),
        "LOTSE_SSL_REDIRECT": "false",
        "LOTSE_REQUEST_LOG": "WARNING",
        "LOTSE_EXPECT_NIGHTLY_JOBS": "false",
        "LOTSE_LOGIN_FAILURES": "1000",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    lotse = [sys.executable, "-m", "lotse.cli"]
    started = time.perf_counter()
    if not args.skip_build:
        recreate_database(args.database_url)
        subprocess.run([*lotse, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [*lotse, "demo", "--clients", str(args.clients), "--no-serve"],
            env={**env, "LOTSE_ENV": "development"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"demo of {args.clients:,} clients built in {time.perf_counter() - started:.0f} s")
    subprocess.run([*lotse, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    users = make_users(env, max(args.users, args.saturation_users))
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(args.server, args.workers, args.port, env)
    try:
        wait_until_up(base)
        print(
            f"server: {args.server}, {args.workers} workers; database: PostgreSQL; "
            f"{len(users)} caseworker log-ins; {os.cpu_count()} CPUs"
        )
        runs = []
        if args.only in (None, "saturation"):
            runs.append(("saturation", run_load(base, users[: args.saturation_users], args.seconds, None)))
        if args.only in (None, "think"):
            runs.append(("think time", run_load(base, users[: args.users], args.seconds, tuple(args.think))))
    finally:
        server.terminate()
        server.wait(timeout=60)
    for name, (results, seconds, users_in_run) in runs:
        report(name, results, seconds, users_in_run, env)


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def make_users(env: dict[str, str], count: int) -> list[str]:
    """Log-ins for the caseworkers with the largest caseloads (one per staff member)."""
    script = f"""
from django.contrib.auth.models import Group, User
from django.db.models import Count
from lotse.clients.models import Responsibility
from lotse.organisation.models import Staff
group = Group.objects.get(name="caseworker")
busiest = (Responsibility.objects.filter(staff__isnull=False).values("staff").annotate(n=Count("pk"))
           .order_by("-n").values_list("staff", flat=True)[:{count}])
names = []
for i, staff_pk in enumerate(busiest):
    user, _ = User.objects.get_or_create(username=f"last.ifk{{i:03d}}")
    user.set_password({PASSWORD!r})
    user.save()
    user.groups.set([group])
    Staff.objects.filter(user=user).exclude(pk=staff_pk).update(user=None)
    Staff.objects.filter(pk=staff_pk).update(user=user)
    names.append(user.username)
print(",".join(names))
"""
    out = subprocess.run(
        [sys.executable, "-m", "lotse.cli", "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1].split(",")


def start_server(kind: str, workers: int, port: int, env: dict[str, str]) -> subprocess.Popen:
    if kind == "gunicorn":
        command = [
            sys.executable,
            "-m",
            "lotse.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ]
    else:
        command = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--blocking-threads", "1",
            "--no-ws", "lotse.conf.wsgi:application",
        ]  # fmt: skip
        env = {**env, "DJANGO_SETTINGS_MODULE": "lotse.conf.settings.production"}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not come up within 60 s")


def run_load(base: str, users: list[str], seconds: int, think: tuple[float, float] | None):
    results = Results()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=caseworker, args=(base, name, stop, think, results, random.Random(i)))
        for i, name in enumerate(users)
    ]
    started, cpu, machine = time.perf_counter(), time.process_time(), machine_cpu()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.generator_cpu = time.process_time() - cpu  # the load generator's own share of the CPUs
    results.machine_cpu = machine_cpu() - machine
    return results, time.perf_counter() - started, len(users)


def machine_cpu() -> float:
    """Seconds of CPU the whole machine has run so far (every core; idle, I/O wait and time
    stolen by the hypervisor not counted): divided by the requests served, the cost of a request
    in CPU, which varies less with this virtual machine's speed than requests per second do."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:  # not Linux
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def timed(results: Results, step: str, call, expect: int):
    started = time.perf_counter()
    try:
        response = call()
    except httpx.HTTPError as exc:
        results.add(step, time.perf_counter() - started, False, exc.__class__.__name__)
        return None
    ok = response.status_code == expect
    results.add(step, time.perf_counter() - started, ok, str(response.status_code))
    return response if ok else None


def caseworker(base, username, stop, think, results: Results, rng: random.Random) -> None:
    def pause() -> None:
        if think:
            time.sleep(min(rng.uniform(*think), max(0.0, stop - time.monotonic())))

    def send_cookies(request: httpx.Request) -> None:
        # The production settings mark the cookies Secure; the load runs over plain HTTP on
        # loopback (TLS is the proxy's job), so the cookies are sent by hand.
        jar = "; ".join(f"{c.name}={c.value}" for c in http.cookies.jar)
        if jar:
            request.headers["Cookie"] = jar

    with httpx.Client(
        base_url=base, timeout=60, follow_redirects=False, event_hooks={"request": [send_cookies]}
    ) as http:
        if think:  # arrivals spread over the first think period, as at the start of a day
            time.sleep(rng.uniform(0, think[1]))
        page = timed(results, "login", lambda: http.get("/accounts/login/"), 200)
        if page is None:
            return
        token = CSRF.search(page.text).group(1)
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        if timed(results, "login", lambda: http.post("/accounts/login/", data=form), 302) is None:
            return
        saves = 0
        while time.monotonic() < stop:
            worklist = timed(results, "worklist", lambda: http.get("/contacts/worklist/?section=all"), 200)
            pause()
            clients = CLIENT_LINK.findall(worklist.text) if worklist is not None else []
            if not clients or time.monotonic() >= stop:
                continue
            external_id = rng.choice(clients)
            record = timed(results, "record", lambda e=external_id: http.get(f"/clients/{e}/"), 200)
            pause()
            if record is None or time.monotonic() >= stop:
                continue
            saves += 1
            note = f"load {username} {saves}"
            form = {
                "csrfmiddlewaretoken": CSRF.search(record.text).group(1),
                "date": date.today().isoformat(),
                "channel": "phone",
                "held": "on",
                "topic": "Lasttest",
                "note": note,
            }
            saved = timed(
                results,
                "save",
                lambda e=external_id, f=form: http.post(f"/contacts/record/{e}/", data=f),
                302,
            )
            if saved is not None:
                with results.lock:
                    results.acknowledged.append((external_id, note))
                timed(results, "record", lambda e=external_id: http.get(f"/clients/{e}/"), 200)
            pause()


def lost_writes(env: dict[str, str], acknowledged: list[tuple[str, str]]) -> int:
    import psycopg

    url = env["DATABASE_URL"]
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT p.external_id, c.note FROM contacts_contact c "
            "JOIN clients_person p ON p.id = c.person_id WHERE c.note LIKE 'load %%'"
        ).fetchall()
    stored = {(r[0], r[1]) for r in rows}
    return sum(1 for pair in acknowledged if pair not in stored)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def report(name: str, results: Results, seconds: float, users: int, env: dict[str, str]) -> None:
    total = sum(len(v) for k, v in results.samples.items() if k != "login")
    rate = total / seconds
    print(f"\n{name}: {users} caseworkers, {seconds:.0f} s, {rate:.1f} requests/s (log-ins not counted)")
    share = results.generator_cpu / seconds
    print(f"load generator used {results.generator_cpu:.1f} s of CPU ({share:.0%} of a core)")
    if results.machine_cpu and total:
        print(
            f"machine CPU per request: {results.machine_cpu / total * 1000:.1f} ms "
            f"({results.machine_cpu / seconds:.2f} of {os.cpu_count()} cores busy, load generator included)"
        )
    print(f"{'step':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    everything = []
    for step in ("login", "worklist", "record", "save"):
        values = results.samples.get(step, [])
        if not values:
            continue
        if step != "login":
            everything += values
        print(
            f"{step:<10} {len(values):>8,} {percentile(values, 0.5):>8.0f} {percentile(values, 0.95):>8.0f} "
            f"{percentile(values, 0.99):>8.0f} {statistics.fmean(values) * 1000:>8.0f}"
        )
    if everything:
        p50, p95, p99 = (percentile(everything, q) for q in (0.5, 0.95, 0.99))
        mean = statistics.fmean(everything) * 1000
        print(f"{'all':<10} {len(everything):>8,} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} {mean:>8.0f}")
    errors = sum(results.errors.values())
    print(f"errors: {errors}" + (f" {dict(results.errors)}" if errors else ""))
    lost = lost_writes(env, results.acknowledged)
    print(f"contacts acknowledged: {len(results.acknowledged):,}; lost: {lost}")


if __name__ == "__main__":
    main()
