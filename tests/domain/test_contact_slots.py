"""The slot grid: a contact counts in a window (after, until] exactly when its day lies in
it and its channel counts — checked by hand at the edges and against a plain search."""

from __future__ import annotations

import numpy as np
import pytest

from lotse.domain import contact_slots
from lotse.domain.contact_slots import in_parallel, slot_grid

COUNTING = np.array([True, False])  # channel 0 counts (in person), 1 does not (letter)


def grid_of(contacts: list[tuple[int, int, int]], persons: int, windows: list[tuple[int, int]]):
    person, day, channel = (np.array(column, dtype=np.int64) for column in zip(*contacts, strict=True))
    return slot_grid(person, day, channel.astype(np.int16), COUNTING, persons, windows)


def test_the_window_holds_its_last_day_but_not_the_day_it_starts_after():
    grid = grid_of([(0, 100, 0), (1, 130, 0), (2, 131, 0)], 4, [(100, 130)])
    assert grid.contacted(100, 130).tolist() == [False, True, False, False]


def test_a_channel_that_does_not_count_marks_nothing():
    grid = grid_of([(0, 110, 1), (1, 110, 0)], 2, [(100, 130)])
    assert grid.contacted(100, 130).tolist() == [False, True]


def test_contacts_before_and_after_every_window_mark_nothing():
    grid = grid_of([(0, 5, 0), (1, 500, 0), (2, 131, 0)], 3, [(100, 130), (70, 130)])
    assert grid.contacted(70, 130).tolist() == [False, False, False]


def test_nested_and_overlapping_windows_share_the_grid():
    windows = [(100, 130), (40, 130), (130, 160), (70, 160)]
    grid = grid_of([(0, 50, 0), (1, 120, 0), (2, 150, 0), (3, 40, 0)], 4, windows)
    assert grid.contacted(100, 130).tolist() == [False, True, False, False]
    assert grid.contacted(40, 130).tolist() == [True, True, False, False]
    assert grid.contacted(130, 160).tolist() == [False, False, True, False]
    assert grid.contacted(70, 160).tolist() == [False, True, True, False]


def test_a_window_not_given_to_the_grid_is_refused():
    grid = grid_of([(0, 110, 0)], 1, [(100, 130)])
    with pytest.raises(ValueError, match="not cut"):
        grid.contacted(101, 130)


def test_the_grid_equals_a_plain_search_in_many_chunks_and_more_than_255_slots(monkeypatch):
    """Random contacts over several chunks on all cores, 400 windows (running counts in 16
    bits): every window's mask equals "some counting contact of the person in the window"."""
    monkeypatch.setattr(contact_slots, "CHUNK", 1 << 10)
    rng = np.random.default_rng(7)
    persons, size = 300, 20_000
    person = rng.integers(0, persons, size)
    day = rng.integers(0, 1_000, size)
    channel = rng.integers(0, 2, size).astype(np.int16)
    starts = rng.choice(900, 400, replace=False)
    windows = [(int(s), int(s) + int(rng.integers(1, 100))) for s in starts]
    grid = slot_grid(person, day, channel, COUNTING, persons, windows)
    assert grid.running.dtype == np.uint16
    counts = channel == 0
    for after, until in windows:
        inside = counts & (day > after) & (day <= until)
        expected = np.zeros(persons, dtype=bool)
        expected[person[inside]] = True
        assert (grid.contacted(after, until) == expected).all()


def test_no_contacts_and_no_persons_give_empty_masks():
    empty = np.zeros(0, dtype=np.int64)
    grid = slot_grid(empty, empty, empty.astype(np.int16), COUNTING, 3, [(1, 2)])
    assert grid.contacted(1, 2).tolist() == [False, False, False]
    assert slot_grid(empty, empty, empty.astype(np.int16), COUNTING, 0, [(1, 2)]).contacted(1, 2).size == 0


def test_in_parallel_keeps_the_order_of_the_items():
    assert in_parallel(lambda n: n * n, list(range(10))) == [n * n for n in range(10)]
