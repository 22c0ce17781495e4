"""Looking up rows by their exchange-format id, for the checks and the writer alike, and
writing them in batches."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from lotse.core.db import BATCH, CHUNK


def bulk_insert(model: type[models.Model], objs: Iterable[models.Model]) -> None:
    model.objects.bulk_create(objs, batch_size=BATCH)


def pks_by_external_id(
    model: type[models.Model], external_ids: Iterable[str] | None = None
) -> dict[str, int]:
    """external_id -> primary key, for the given ids (in chunks) or for every row of the model."""
    qs = model.objects.all()
    if external_ids is None:
        return dict(qs.values_list("external_id", "pk"))
    wanted = list(set(external_ids))
    result: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        result.update(
            qs.filter(external_id__in=wanted[start : start + CHUNK]).values_list("external_id", "pk")
        )
    return result
