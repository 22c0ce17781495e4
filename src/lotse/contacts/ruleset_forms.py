"""The contact rule-set editor: a rule set's YAML document as forms and back.

An administrator edits a rule set as a header (name, validity, counting channels) and
one small form per rule, never as raw JSON. The segment conditions offered are those
SPEC S4 names for contact rules (U25, single household, single parent, status, market
distance, Profillage); conditions the form has no field for (e.g. a district written in
YAML) are carried along unchanged, so editing a rule never loses part of it.
"""

from __future__ import annotations

import json
from datetime import date

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from lotse.contacts.models import Channel
from lotse.core.forms import RuleSetHeaderBase
from lotse.core.labels import label
from lotse.domain.contact_rules import KINDS
from lotse.domain.vocabulary import ATTRIBUTE_VALUES

KIND_LABELS = {
    "max_interval": _("maximum interval (every N months)"),
    "min_per_year": _("minimum number of contacts per calendar year"),
}
BOOL_CONDITIONS = {
    "u25": _("Under 25"),
    "single_household": _("Single household"),
    "single_parent": _("Single parent"),
}
LIST_CONDITIONS = {
    "status": _("Status"),
    "market_distance": _("Market distance"),
    "profile": _("Profillage"),
}
TRI_STATE = [("", _("either")), ("yes", _("yes")), ("no", _("no"))]


def _choices(name: str) -> list[tuple[str, str]]:
    return [(v, label(v)) for v in ATTRIBUTE_VALUES[name] or ()]


class RuleSetHeaderForm(RuleSetHeaderBase):
    counting_channels = forms.MultipleChoiceField(
        label=_("Channels that count as a contact"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    guide_1 = forms.DecimalField(
        label=_("Guide value: contact within 1 month (%)"), required=False, min_value=0, max_value=100
    )
    guide_3 = forms.DecimalField(
        label=_("Guide value: contact within 3 months (%)"), required=False, min_value=0, max_value=100
    )
    guide_6 = forms.DecimalField(
        label=_("Guide value: contact within 6 months (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("The monthly evaluation compares its shares with these; empty: no guide value."),
    )

    def guide_values(self) -> dict[int, float]:
        data = self.cleaned_data
        return {n: float(data[f"guide_{n}"]) for n in (1, 3, 6) if data.get(f"guide_{n}") is not None}


class ContactRuleForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^[a-z0-9_]+$",
        max_length=64,
        error_messages={"invalid": _("Lower-case letters, digits and _ only.")},
    )
    label = forms.CharField(label=_("Label"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, KIND_LABELS[k]) for k in KINDS], initial="max_interval"
    )
    months = forms.IntegerField(label=_("Every N months"), required=False, min_value=1, max_value=24)
    count = forms.IntegerField(label=_("Contacts per year"), required=False, min_value=1, max_value=52)
    channels = forms.MultipleChoiceField(
        label=_("Only these channels count for this rule"),
        help_text=_("None ticked: every counting channel."),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, text in BOOL_CONDITIONS.items():
            self.fields[name] = forms.ChoiceField(label=text, choices=TRI_STATE, required=False)
        for name, text in LIST_CONDITIONS.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=text, choices=_choices(name), required=False, widget=forms.CheckboxSelectMultiple
            )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == "max_interval" and not data.get("months"):
            self.add_error("months", _("A maximum interval needs the number of months."))
        if data.get("kind") == "min_per_year" and not data.get("count"):
            self.add_error("count", _("A minimum per year needs the number of contacts."))
        return data

    def condition_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (*BOOL_CONDITIONS, *LIST_CONDITIONS)]

    def rule_document(self) -> dict:
        data = self.cleaned_data
        when: dict[str, object] = json.loads(data.get("other") or "{}")
        for name in BOOL_CONDITIONS:
            if data.get(name):
                when[name] = data[name] == "yes"
        for name in LIST_CONDITIONS:
            if data.get(name):
                when[name] = list(data[name])
        rule: dict[str, object] = {
            "code": data["code"],
            "label": data["label"],
            "when": when,
            "kind": data["kind"],
        }
        rule["months" if data["kind"] == "max_interval" else "count"] = (
            data["months"] if data["kind"] == "max_interval" else data["count"]
        )
        if data.get("channels"):
            rule["channels"] = list(data["channels"])
        return rule


class BaseRuleFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        codes = [f.cleaned_data["code"] for f in self.kept()]
        if not codes:
            raise forms.ValidationError(_("A rule set needs at least one rule."))
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise forms.ValidationError(
                _("Each rule needs its own code; used twice: %(codes)s") % {"codes": ", ".join(repeated)}
            )

    def kept(self) -> list[ContactRuleForm]:
        """The filled-in rules not marked for deletion (an untouched empty row is skipped)."""
        return [
            f for f in self.forms if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


RuleFormSet = formset_factory(ContactRuleForm, formset=BaseRuleFormSet, extra=1, can_delete=True)


def rule_initial(rule: dict) -> dict:
    """One rule of a document as the initial values of its form."""
    when = dict(rule.get("when") or {})
    initial = {
        "code": rule.get("code", ""),
        "label": rule.get("label", ""),
        "kind": rule.get("kind", "max_interval"),
        "months": rule.get("months"),
        "count": rule.get("count"),
        "channels": list(rule.get("channels") or ()),
    }
    for name in BOOL_CONDITIONS:
        if name in when:
            initial[name] = "yes" if when.pop(name) else "no"
    for name in LIST_CONDITIONS:
        if name in when:
            initial[name] = list(when.pop(name))
    initial["other"] = json.dumps(when) if when else ""
    return initial


def header_initial(document: dict, *, name: str, valid_from: date) -> dict:
    guide = {int(k): v for k, v in (document.get("guide_values") or {}).items()}
    return {
        "name": name,
        "valid_from": valid_from,
        "valid_to": None,
        "counting_channels": list(document.get("counting_channels") or ()),
        **{f"guide_{n}": guide.get(n) for n in (1, 3, 6)},
    }


def document_from_forms(header: RuleSetHeaderForm, rules: BaseRuleFormSet) -> dict:
    """The rule set as a `kind: contact_density` document (the YAML format)."""
    data = header.cleaned_data
    document = {
        "kind": "contact_density",
        "name": data["name"],
        "valid_from": data["valid_from"].isoformat(),
        "valid_to": data["valid_to"].isoformat() if data.get("valid_to") else None,
        "counting_channels": list(data["counting_channels"]),
        "rules": [f.rule_document() for f in rules.kept()],
    }
    if header.guide_values():
        document["guide_values"] = header.guide_values()
    return document
