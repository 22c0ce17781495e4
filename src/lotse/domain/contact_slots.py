"""Who had a counting contact within each of many day windows — one pass over the contacts.

The contact-density series asks, for 24 month ends and the 1/3/6-month windows before each,
which clients had a counting contact in the window (SPEC S4). Sorting millions of contacts
by day or by client to answer that costs more than the answer. Instead the windows' bounds
cut the days into *slots* (slot k holds the days after ``bounds[k-1]`` up to ``bounds[k]``):
every contact marks its cell (slot, person) in a grid of booleans — one scatter, no sort —
and a running count over the slots turns "any contact in (after, until]" into one comparison
of two rows of the grid. The marking runs on all cores (NumPy leaves the GIL while it
indexes); a cell marked twice is marked all the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

CHUNK = 1 << 20  # contacts per step: the step's temporaries stay in the processor's cache


@dataclass(frozen=True)
class SlotGrid:
    """Per slot and person: how many of the slots up to this one hold a counting contact.

    Only differences of rows are read, so the count may wrap around (``uint8`` for up to
    255 slots): two rows differ exactly when a slot between them is marked."""

    bounds: np.ndarray  # sorted day numbers; every window's bounds are among them
    running: np.ndarray  # shape (slots, persons)

    def contacted(self, after: int, until: int) -> np.ndarray:
        """Mask over persons: a counting contact on a day after ``after`` and up to ``until``."""
        a, b = np.searchsorted(self.bounds, [after, until])
        if (
            a >= self.bounds.size
            or b >= self.bounds.size
            or self.bounds[a] != after
            or self.bounds[b] != until
        ):
            raise ValueError(f"window ({after}, {until}] is not cut by the grid's bounds")
        return self.running[b] != self.running[a]


def slot_grid(
    person: np.ndarray,
    day: np.ndarray,
    channel: np.ndarray,
    counting: np.ndarray,
    persons: int,
    windows: Iterable[tuple[int, int]],
) -> SlotGrid:
    """The grid for these windows ``(after, until]`` (day numbers) over contacts given as
    columns: person index, day number, channel code; ``counting[code]`` says whether a
    channel counts. Contacts outside every window and of other channels mark nothing."""
    bounds = np.unique(np.asarray([b for window in windows for b in window], dtype=np.int64))
    if bounds.size == 0:
        return SlotGrid(bounds, np.zeros((0, persons), dtype=np.uint8))
    first, last = int(bounds[0]), int(bounds[-1])
    days = np.arange(first, last + 2)  # the day after the last bound stands for all later days
    slot = np.searchsorted(bounds, days, side="left")
    slot[0] = slot[-1] = 0  # up to the first bound and after the last: in no window (slot 0)
    # cell of (channel, day): the flat index of its slot's row in the grid, row 0 for neither
    cell = np.where(np.asarray(counting, dtype=bool)[:, None], slot[None, :] * persons, 0).ravel()
    span = days.size
    marked = np.zeros(bounds.size * persons, dtype=bool)

    def mark(start: int, stop: int) -> None:
        for a in range(start, stop, CHUNK):
            b = min(a + CHUNK, stop)
            offset = day[a:b] - first
            np.clip(offset, 0, span - 1, out=offset)
            offset += channel[a:b].astype(np.int64) * span
            flat = cell[offset]
            flat += person[a:b]
            marked[flat] = True

    _on_all_cores(mark, int(day.size))
    rows = marked.reshape(bounds.size, persons)
    running = np.empty(rows.shape, dtype=np.uint8 if bounds.size < 256 else np.uint16)
    if persons:
        running[0] = 0  # slot 0 is in no window
        for k in range(1, bounds.size):
            np.add(running[k - 1], rows[k], out=running[k])
    return SlotGrid(bounds, running)


def _on_all_cores(work: Callable[[int, int], None], size: int) -> None:
    """``work(start, stop)`` over ``range(size)`` in one part per core (whole chunks each)."""
    cores = min(os.cpu_count() or 1, max(1, size // CHUNK))
    if cores == 1:
        work(0, size)
        return
    per = -(-size // cores // CHUNK) * CHUNK
    parts = [(start, min(start + per, size)) for start in range(0, size, per)]
    with ThreadPoolExecutor(len(parts)) as pool:
        list(pool.map(lambda part: work(*part), parts))


def in_parallel[T, R](work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``work`` on each item, spread over the cores (for NumPy work that leaves the GIL)."""
    cores = min(os.cpu_count() or 1, len(items))
    if cores <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(cores) as pool:
        return list(pool.map(work, items))
