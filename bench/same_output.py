"""Do two revisions of Lotse answer alike? The outputs of ``lotse route --format json``,
``lotse contacts due`` and ``lotse evaluate contact-density`` on the demo at three dates.

    uv run python bench/same_output.py --before 2120f7c            # that commit against the checkout
    uv run python bench/same_output.py --before 2120f7c --clients 5000

Builds the demo (``--clients``, SQLite) once with the checkout, copies the database for each
revision, and runs on each copy, date by date in the same order: the routing (which
writes), then the due contacts of the whole Jobcenter and the contact-density evaluation
(JSON). The older revision runs from a ``git worktree`` with this checkout's environment
(``PYTHONPATH`` puts its sources first); both read the same database schema (a table the
older one does not know is left alone). Prints per command and date whether the outputs
are identical; exits 1 if any differs. A performance change must leave them identical.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATES = ("2026-06-30", "2026-10-31", "2026-11-21")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--before", required=True, help="the revision to compare with (a commit, tag, branch)"
    )
    parser.add_argument("--clients", type=int, default=2_000)
    parser.add_argument("--dates", nargs="+", default=list(DATES))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lotse-same-output-"))
    before_tree = work / "tree-before"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(before_tree), args.before],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    try:
        built = work / "built"
        built.mkdir()
        run(ROOT, built, ["demo", "--clients", str(args.clients), "--no-serve", "--as-of", args.dates[-1]])
        outputs = {}
        for name, tree in (("before", before_tree), ("after", ROOT)):
            data = work / f"data-{name}"
            data.mkdir()
            shutil.copy(built / "lotse.sqlite3", data / "lotse.sqlite3")
            for day in sorted(args.dates):
                outputs[name, "route", day] = run(tree, data, ["route", "--as-of", day, "--format", "json"])
                outputs[name, "contacts due", day] = run(
                    tree, data, ["contacts", "due", "--as-of", day, "--format", "json"]
                )
                outputs[name, "evaluate contact-density", day] = run(
                    tree, data, ["evaluate", "contact-density", "--as-of", day, "--format", "json"]
                )
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(before_tree)], cwd=ROOT, check=False)
    print(f"demo of {args.clients:,} clients; {args.before} against the checkout\n")
    print(f"{'command':<28} {'date':<12} {'bytes':>10}  same")
    differing = 0
    for (name, command, day), text in sorted(outputs.items()):
        if name != "before":
            continue
        after = outputs["after", command, day]
        same = text == after
        differing += not same
        print(f"{command:<28} {day:<12} {len(text.encode()):>10,}  {'yes' if same else 'NO'}")
        if not same:
            diff = difflib.unified_diff(
                text.splitlines(), after.splitlines(), "before", "after", lineterm="", n=1
            )
            print("\n".join(list(diff)[:20]))
    return 1 if differing else 0


def run(tree: Path, data: Path, command: list[str]) -> str:
    env = environment(tree, data)
    done = subprocess.run(
        [sys.executable, "-m", "lotse.cli", *command], env=env, capture_output=True, text=True, cwd=data
    )
    if done.returncode != 0:
        raise SystemExit(f"lotse {' '.join(command)} failed in {tree}:\n{done.stderr[-2000:]}")
    return done.stdout


def environment(tree: Path, data: Path) -> dict[str, str]:
    """The revision's sources first on the path; checked, so that a comparison never
    silently runs the checkout twice."""
    env = {
        **os.environ,
        "LOTSE_ENV": "development",
        "LOTSE_DATA_DIR": str(data),
        "PYTHONPATH": str(tree / "src"),
        "LOTSE_ACTOR": "same-output",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    where = subprocess.run(
        [sys.executable, "-c", "import lotse; print(lotse.__file__)"], env=env, capture_output=True, text=True
    ).stdout.strip()
    if not where.startswith(str(tree / "src")):
        raise SystemExit(f"lotse is imported from {where}, not from {tree}")
    return env


if __name__ == "__main__":
    sys.exit(main())
