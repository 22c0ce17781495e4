"""Progress of long commands (``lotse demo``, ``lotse import``): a bar that advances on a
terminal; in a log or CI, where a bar is noise, one line per phase with its count and
elapsed time."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def phase(stdout, *, total: int, desc: str, unit: str) -> Iterator[Callable[[int], None]]:
    """Yield ``update(n)``; on a terminal it moves a bar, elsewhere the phase ends with
    ``"<desc>: <count> <unit> in <seconds> s"``."""
    started = time.perf_counter()
    if _is_terminal(stdout):
        with tqdm(total=total, desc=desc, unit=f" {unit}", file=stdout) as bar:
            yield bar.update
        return
    done = 0

    def update(n: int) -> None:
        nonlocal done
        done += n

    yield update
    stdout.write(f"{desc}: {done:,} {unit} in {time.perf_counter() - started:.1f} s")
