"""Results kept in this process until the data changes (:mod:`lotse.core.data_version`).

Three kinds:

- :func:`kept_per_data_version` keeps a Jobcenter-wide result (an evaluation for a reference
  date and breakdown) until the next write anywhere (``per="shape"``: the next write that is
  not only a contact). The first request after a write computes it again; every further
  one is a lookup.
- :func:`kept_per_config_version` keeps what depends on the catalogues only (a blank record
  form's fields) until the next change of configuration.
- :class:`PersonFigures` keeps one figure per person (a due date on a reference date) until
  the next write about that person or their household, or a change of configuration.
- :class:`SharedParts` keeps a part of a page per person like :class:`PersonFigures`, but in
  the database, where every worker finds it (a record opened again after saving a contact
  lands on any of the workers); :class:`SharedFigures` does the same for many persons' small
  figures at once, behind a :class:`PersonFigures`.

Apart from those two, each web worker process keeps its own results (no shared
cache server to run); the size is bounded, the least recently used result goes first. Tests
switch keeping off (``KEEP_RESULTS``), because their fixtures write rows directly rather than through the
services that advance the version; the tests of keeping switch it on.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DatabaseError, transaction

from lotse.core.clock import today
from lotse.core.data_version import Version, current
from lotse.core.models import KeptPart

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")
_REGISTRY: list[_Lru] = []


class _Lru:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        _REGISTRY.append(self)

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self.lock:
            if key not in self.items:
                return default
            self.items.move_to_end(key)
            return self.items[key]

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def get_or_compute(self, key: Hashable, compute: Callable[[], R]) -> R:
        """The kept value, or ``compute()`` kept under the key."""
        found = self.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            self.put(key, found)
        return found


def keeping() -> bool:
    return getattr(settings, "KEEP_RESULTS", True)


def forget_all() -> None:
    """Drop every kept result of this process (tests; after a restore)."""
    for lru in _REGISTRY:
        lru.clear()


def kept_per_data_version(size: int = 16, *, per: str = "data") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep the function's result per (data version, arguments); the arguments must be
    hashable (dates, tuples, model instances). The result is shared: callers must not change
    it (copy first). ``per="shape"``: kept across writes that only record contacts, for
    results that do not read contacts (the routing simulation, the key figures' columns)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        lru = _Lru(size)

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not keeping():
                return function(*args, **kwargs)
            version = current()
            counted = version if per == "data" else (version.epoch, version.shape)
            key = (counted, args, tuple(sorted(kwargs.items())))
            return lru.get_or_compute(key, lambda: function(*args, **kwargs))

        return wrapper

    return decorate


_PER_CONFIG = _Lru(256)


def kept_per_config_version[R](key: Hashable, compute: Callable[[], R], version: Version | None = None) -> R:
    """Keep ``compute()`` per (config version, ``key``): for what depends on the catalogues
    only (measures, partners, services — the choices of a blank record form), not on
    any client's data, so recording a contact does not renew it."""
    if not keeping():
        return compute()
    version = version or current()
    return _PER_CONFIG.get_or_compute((version.epoch, version.config, key), compute)


class PersonFigures:
    """One figure per person, kept per (what it depends on besides the person: the reference
    date, the rule set) until the person's stamp or the config version moves on."""

    def __init__(self, size: int = 200_000) -> None:
        self.lru = _Lru(size)

    def lookup(
        self, version: Version, stamps: dict[int, int], context: Hashable, pks: Iterable[int]
    ) -> tuple[dict[int, Any], list[int]]:
        """The kept figures of ``pks`` and the persons whose figure must be computed."""
        found: dict[int, Any] = {}
        missing: list[int] = []
        if not keeping():
            return found, list(pks)
        for pk in pks:
            value = self.lru.get(_person_key(version, stamps, context, pk), _MISSING)
            if value is _MISSING:
                missing.append(pk)
            else:
                found[pk] = value
        return found, missing

    def keep(
        self, version: Version, stamps: dict[int, int], context: Hashable, figures: dict[int, Any]
    ) -> None:
        if keeping():
            for pk, value in figures.items():
                self.lru.put(_person_key(version, stamps, context, pk), value)


def _person_key(version: Version, stamps: dict[int, int], context: Hashable, pk: int) -> tuple:
    return (version.epoch, version.config, stamps.get(pk, 0), context, pk)


_MISSING = object()


class SharedParts:
    """Page parts per person, kept in the database (:class:`~lotse.core.models.KeptPart`) for
    every worker until the person's stamp, the configuration version or the day moves on
    (the nightly retention run deletes them all).

    A part is stored compressed under a digest of everything it depends on; storing one
    deletes that person's parts of older generations, so a person has the parts of the
    current data only (one per user and reference date they were opened with)."""

    kind = "part"

    def get(self, version: Version, stamp: int, context: Hashable, person_pk: int) -> bytes | None:
        if not keeping():
            return None
        payload = (
            KeptPart.objects.filter(key=_digest(self.kind, version, stamp, context, person_pk))
            .values_list("payload", flat=True)
            .first()
        )
        return zlib.decompress(payload) if payload is not None else None

    def put(self, version: Version, stamp: int, context: Hashable, person_pk: int, value: bytes) -> None:
        if keeping():
            _replace(
                self.kind, [_row(self.kind, version, stamp, context, person_pk, zlib.compress(value, 1))]
            )


class SharedFigures:
    """One small figure per person (its serialised form), kept in the database for every
    worker like :class:`SharedParts`, read and stored for many persons at once: behind a
    :class:`PersonFigures`, so a due date one worker computed after a write is found by the
    others instead of being computed once per worker.

    ``context`` must be the same in every process (no ``hash()`` of strings: Python seeds it
    per process)."""

    CHUNK = 1000  # keys per statement

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def get_many(
        self, version: Version, stamps: dict[int, int], context: Hashable, pks: Iterable[int]
    ) -> dict[int, bytes]:
        """The kept figures of those of ``pks`` another worker (or this one) stored."""
        if not keeping():
            return {}
        keys = {_digest(self.kind, version, stamps.get(pk, 0), context, pk): pk for pk in pks}
        found: dict[int, bytes] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), self.CHUNK):
            rows = KeptPart.objects.filter(key__in=wanted[start : start + self.CHUNK])
            for key, payload in rows.values_list("key", "payload"):
                found[keys[key]] = bytes(payload)
        return found

    def put_many(
        self, version: Version, stamps: dict[int, int], context: Hashable, values: dict[int, bytes]
    ) -> None:
        """Store the figures; the persons' figures of older generations of this kind go."""
        if not keeping() or not values:
            return
        rows = [
            _row(self.kind, version, stamps.get(pk, 0), context, pk, value) for pk, value in values.items()
        ]
        rows.sort(key=lambda row: row.key)  # two workers storing overlapping sets lock in one order
        for start in range(0, len(rows), self.CHUNK):
            chunk = rows[start : start + self.CHUNK]
            try:
                _replace(self.kind, chunk)
            except DatabaseError:  # e.g. a deadlock with another worker's delete: not kept, computed again
                logger.warning("kept figures not stored", extra={"kind": self.kind, "persons": len(chunk)})


def _row(
    kind: str, version: Version, stamp: int, context: Hashable, person_pk: int, payload: bytes
) -> KeptPart:
    return KeptPart(
        key=_digest(kind, version, stamp, context, person_pk),
        kind=kind,
        person_pk=person_pk,
        generation=_generation(version, stamp),
        payload=payload,
    )


@transaction.atomic
def _replace(kind: str, rows: list[KeptPart]) -> None:
    """Store the rows, deleting their persons' rows of this kind from other generations (a row
    of another generation whose text equals one of these stays: harmless, its key is never
    asked for again, and the nightly run deletes it)."""
    KeptPart.objects.filter(kind=kind, person_pk__in=[r.person_pk for r in rows]).exclude(
        generation__in={r.generation for r in rows}
    ).delete()
    KeptPart.objects.bulk_create(rows, ignore_conflicts=True)  # or kept meanwhile by another worker


def _generation(version: Version, stamp: int) -> str:
    return f"{version.epoch}:{version.config}:{stamp}:{today().isoformat()}"


def _digest(kind: str, version: Version, stamp: int, context: Hashable, person_pk: int) -> str:
    payload = repr((kind, _generation(version, stamp), context, person_pk))
    return hashlib.sha256(payload.encode()).hexdigest()


def forget_shared() -> None:
    """Delete every kept page part and figure (the retention run: the deleted persons' data
    go with them)."""
    KeptPart.objects.all().delete()
