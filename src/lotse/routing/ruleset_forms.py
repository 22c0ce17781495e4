"""The routing rule-set editor: a routing hierarchy as forms and back, never as raw JSON.

An administrator edits the hierarchy as a header (name, validity, description) and one
small form per rule: the team kind and specialisation it routes to, and its conditions
chosen from the vocabulary of :mod:`lotse.domain.conditions` (yes/no facts as "either /
yes / no", the others as ticked values). The order of the rules is their position number
(the buttons "up"/"down" of ``reorder.js`` renumber it); the first rule whose conditions
all hold decides, and the last must be a catch-all — :func:`parse_rule_set` checks it.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import RuleSetHeaderBase
from lotse.core.labels import CONDITION_LABELS, label
from lotse.domain.conditions import CONDITIONS
from lotse.domain.vocabulary import ATTRIBUTE_VALUES
from lotse.organisation.models import District, Specialisation, Team, TeamKind

BOOL_NAMES = tuple(name for name, kind in CONDITIONS.items() if kind == "bool")
LIST_NAMES = tuple(name for name, kind in CONDITIONS.items() if kind == "list")
TRI_STATE = [("", _("either")), ("yes", _("yes")), ("no", _("no"))]


def _list_choices(name: str) -> list[tuple[str, str]]:
    if name == "district":
        return [(d.external_id, d.name) for d in District.objects.order_by("name")]
    return [(v, label(v)) for v in ATTRIBUTE_VALUES[name] or ()]


def team_kind_choices() -> list[tuple[str, str]]:
    """The team kinds Lotse knows and those a Jobcenter added to its teams."""
    known = dict(TeamKind.choices)
    for kind in Team.objects.order_by().values_list("kind", flat=True).distinct():
        known.setdefault(kind, kind)
    return sorted(known.items(), key=lambda item: str(item[1]))


class RoutingRuleSetHeaderForm(RuleSetHeaderBase):
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoutingRuleForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^[a-z0-9_]+$",
        max_length=64,
        help_text=_("Recorded with every handover this rule decides."),
        error_messages={"invalid": _("Lower-case letters, digits and _ only.")},
    )
    label = forms.CharField(label=_("Label"), max_length=300)
    team_kind = forms.ChoiceField(label=_("Team"))
    specialisation = forms.ChoiceField(
        label=_("Specialisation of the Integrationsfachkraft"),
        required=False,
        help_text=_("Empty: any Integrationsfachkraft of the team."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team_kind"].choices = team_kind_choices()
        self.fields["specialisation"].choices = [("", "–")] + [
            (s.code, s.label) for s in Specialisation.objects.order_by("label")
        ]
        for name in BOOL_NAMES:
            self.fields[name] = forms.ChoiceField(
                label=CONDITION_LABELS[name], choices=TRI_STATE, required=False
            )
        for name in LIST_NAMES:
            self.fields[name] = forms.MultipleChoiceField(
                label=CONDITION_LABELS[name],
                choices=_list_choices(name),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def has_changed(self) -> bool:
        """A position (the buttons number every row) or the preselected team alone does not
        make the empty row a rule."""
        return bool(set(self.changed_data) - {"ORDER", "team_kind"})

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("code", "label", "team_kind", "specialisation")]

    def condition_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (*BOOL_NAMES, *LIST_NAMES)]

    def rule_document(self) -> dict:
        data = self.cleaned_data
        when: dict[str, object] = {}
        for name in BOOL_NAMES:
            if data.get(name):
                when[name] = data[name] == "yes"
        for name in LIST_NAMES:
            if data.get(name):
                when[name] = list(data[name])
        rule: dict[str, object] = {
            "code": data["code"],
            "label": data["label"],
            "when": when,
            "team_kind": data["team_kind"],
        }
        if data.get("specialisation"):
            rule["specialisation"] = data["specialisation"]
        return rule


class BaseRoutingRuleFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].help_text = _("The first rule whose conditions all hold decides.")
        form.fields["DELETE"].label = _("Remove this rule")

    def clean(self) -> None:
        if any(self.errors):
            return
        kept = self.kept()
        if not kept:
            raise forms.ValidationError(_("A rule set needs at least one rule."))
        codes = [f.cleaned_data["code"] for f in kept]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise forms.ValidationError(
                _("Each rule needs its own code; used twice: %(codes)s") % {"codes": ", ".join(repeated)}
            )
        if kept[-1].rule_document()["when"]:
            raise forms.ValidationError(
                _(
                    "The last rule must have no conditions (a catch-all), so that no client is "
                    "dropped: rule '%(code)s' has some."
                )
                % {"code": kept[-1].cleaned_data["code"]}
            )

    def in_order(self) -> list[RoutingRuleForm]:
        """The forms as the page shows them: by the position typed or chosen with the buttons
        (a refused or previewed form comes back in the order the administrator left it)."""

        def position(item: tuple[int, RoutingRuleForm]) -> tuple[bool, float, int]:
            index, form = item
            try:
                return (False, float(form["ORDER"].value()), index)
            except (TypeError, ValueError):
                return (True, 0.0, index)  # no position (the empty row for a new rule): last

        return [form for _index, form in sorted(enumerate(self.forms), key=position)]

    def kept(self) -> list[RoutingRuleForm]:
        """The filled-in rules not marked for deletion, in the order of their position
        (an untouched empty row is skipped)."""
        rows = [
            f for f in self.forms if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        return sorted(
            rows, key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0)
        )


RoutingRuleFormSet = formset_factory(
    RoutingRuleForm, formset=BaseRoutingRuleFormSet, extra=1, can_delete=True, can_order=True
)


def rule_initial(rule: dict, position: int) -> dict:
    """One rule of a document as the initial values of its form."""
    when = rule.get("when") or {}
    initial: dict[str, object] = {
        "code": rule.get("code", ""),
        "label": rule.get("label", ""),
        "team_kind": rule.get("team_kind", ""),
        "specialisation": rule.get("specialisation") or "",
        "ORDER": position,
    }
    for name in BOOL_NAMES:
        if name in when:
            initial[name] = "yes" if when[name] else "no"
    for name in LIST_NAMES:
        if name in when:
            initial[name] = list(when[name])
    return initial


def header_initial(document: dict, *, name: str, valid_from: date) -> dict:
    return {
        "name": name,
        "valid_from": valid_from,
        "valid_to": None,
        "description": document.get("description", ""),
    }


def document_from_forms(header: RoutingRuleSetHeaderForm, rules: BaseRoutingRuleFormSet) -> dict:
    """The hierarchy as a `kind: routing` document (the YAML format of `lotse rules`)."""
    data = header.cleaned_data
    return {
        "kind": "routing",
        "name": data["name"],
        "valid_from": data["valid_from"].isoformat(),
        "valid_to": data["valid_to"].isoformat() if data.get("valid_to") else None,
        "description": data.get("description", ""),
        "rules": [f.rule_document() for f in rules.kept()],
    }
