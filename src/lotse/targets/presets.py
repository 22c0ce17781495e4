"""The shipped target-agreement templates (YAML in ``presets/``), loaded by a migration and
copied into a year's agreement by :func:`lotse.targets.services.agreement_from_preset`."""

from __future__ import annotations

from pathlib import Path

import yaml

PRESET_DIR = Path(__file__).parent / "presets"


def load_preset(name: str = "mettmann_2014") -> dict:
    return yaml.safe_load((PRESET_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def install_preset(agreement_model, target_model, preset: dict) -> None:
    """Create the template agreement (migrations pass their historical models)."""
    agreement, created = agreement_model.objects.get_or_create(
        name=preset["name"],
        defaults={"year": preset["year"], "partners": preset.get("partners", ""), "is_preset": True},
    )
    if not created:
        return
    target_model.objects.bulk_create(
        target_model(
            agreement=agreement,
            position=i,
            label=t["label"],
            figure=t["figure"],
            plan=t["plan"],
            basis=t.get("basis", "value"),
            direction=t["direction"],
            owner=t["owner"],
        )
        for i, t in enumerate(preset["targets"], start=1)
    )
