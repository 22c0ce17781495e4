"""Progress of long commands (``lotse demo``, ``lotse import``, ``lotse route``,
``lotse retention run``): a bar that advances on a
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


class Progress:
    """The phases of a long service call, reported to a command's output (or nowhere).

    A service takes ``progress: Progress | None`` and calls :meth:`step` when a phase ends and
    :meth:`phase` around a loop that writes in chunks; the command decides where it goes
    (``Progress(self.stdout)``) — the service itself never prints."""

    def __init__(self, stdout=None) -> None:
        self.stdout = stdout
        self._last = time.perf_counter()

    def step(self, desc: str, count: int, unit: str) -> None:
        now = time.perf_counter()
        if self.stdout is not None:
            self.stdout.write(f"{desc}: {count:,} {unit} in {now - self._last:.1f} s")
        self._last = now

    @contextmanager
    def phase(self, *, total: int, desc: str, unit: str) -> Iterator[Callable[[int], None]]:
        if self.stdout is None:
            yield lambda n: None
        else:
            with phase(self.stdout, total=total, desc=desc, unit=unit) as update:
                yield update
        self._last = time.perf_counter()
