"""The network's forms (SPEC S10)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import DATE_INPUT, DayField
from lotse.network.models import (
    Cadence,
    ConsentScope,
    Cooperation,
    Partner,
    PartnerContact,
    PartnerExchange,
    PartnerKind,
    PartnerOffer,
    ProposalResult,
    ReferralOutcome,
    Vacancy,
)
from lotse.organisation.models import Staff

TIME_INPUT = forms.TimeInput(attrs={"type": "time"})


def _staff():
    return Staff.objects.filter(valid_to__isnull=True).order_by("family_name", "given_name")


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "carrier",
            "districts",
            "responsible",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "note",
        ]
        widgets = {"districts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _staff()


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "function", "phone", "email"]


class ExchangeForm(forms.ModelForm):
    class Meta:
        model = PartnerExchange
        fields = ["day", "channel", "note"]
        widgets = {"day": DATE_INPUT}


class OfferForm(forms.ModelForm):
    class Meta:
        model = PartnerOffer
        fields = ["kind", "title", "hours", "places", "reserved_places"]

    def clean(self):
        data = super().clean()
        places, reserved = data.get("places"), data.get("reserved_places")
        if places is not None and reserved is not None and reserved > places:
            self.add_error("reserved_places", _("More places reserved than there are."))
        return data


class CooperationForm(forms.ModelForm):
    class Meta:
        model = Cooperation
        fields = [
            "kind",
            "subject",
            "status",
            "concluded_on",
            "valid_from",
            "valid_to",
            "review_due",
            "owner",
            "document",
        ]
        widgets = {name: DATE_INPUT for name in ("concluded_on", "valid_from", "valid_to", "review_due")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end lies before the start."))
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)
    first_meeting = DayField(label=_("First meeting"), widget=DATE_INPUT)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Staff.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=Staff.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    partner_members = forms.ModelMultipleChoiceField(
        label=_("Members from partners"),
        queryset=PartnerContact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = _staff().select_related("team")
        self.fields["chair"].queryset = staff
        self.fields["members"].queryset = staff.filter(team=team) if team is not None else staff
        self.fields["partner_members"].queryset = PartnerContact.objects.select_related("partner")


class MinutesForm(forms.Form):
    day = DayField(label=_("Date of the meeting"), widget=DATE_INPUT)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=Staff.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    partner_attendees = forms.ModelMultipleChoiceField(
        label=_("Present from partners"),
        queryset=PartnerContact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    minutes = forms.CharField(
        label=_("Result minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    minutes_file = forms.FileField(label=_("Minutes as a file (PDF, optional)"), required=False)

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["attendees"].queryset = group.members.order_by("family_name", "given_name")
            self.fields["partner_attendees"].queryset = group.partner_members.select_related("partner")


class TaskForm(forms.Form):
    text = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Responsible person"), queryset=Staff.objects.none())
    due = DayField(label=_("Due"), widget=DATE_INPUT)

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            group.members.order_by("family_name") if group is not None else _staff()
        )


class ConsultationForm(forms.Form):
    """When, where and who — the form has no place for the content of the consultation and
    none for a client (Hagen concept § 6)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=80,
        help_text=_("For example “Fallberatung Bewerber-Service”. Never a client's name or number."),
    )
    day = DayField(label=_("Date"), widget=DATE_INPUT)
    starts = forms.TimeField(label=_("Time"), required=False, widget=TIME_INPUT)
    room = forms.CharField(label=_("Room"), max_length=80, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"), queryset=Staff.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _staff().filter(role__in=["caseworker", "team_lead"])


class PartnerReferralForm(forms.Form):
    """A referral to a partner on the client record: the consent first."""

    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    offer = forms.ModelChoiceField(
        label=_("Offer (optional)"), queryset=PartnerOffer.objects.none(), required=False
    )
    consent_on = DayField(label=_("Consent given on"), widget=DATE_INPUT)
    consent_scope = forms.ChoiceField(label=_("The client agrees to pass on"), choices=ConsentScope.choices)
    referred_on = DayField(label=_("Referred on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(active=True).exclude(
            kind=PartnerKind.EMPLOYER
        )
        self.fields["offer"].queryset = PartnerOffer.objects.select_related("partner")


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Feedback of the partner"), choices=ReferralOutcome.choices)
    outcome_on = DayField(label=_("on"), widget=DATE_INPUT)


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = [
            "employer",
            "title",
            "district",
            "hours_per_week",
            "part_time_possible",
            "part_time_apprenticeship",
            "childcare_compatible",
            "working_times",
            "places",
            "acquired_on",
        ]
        widgets = {"acquired_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Partner.objects.filter(kind=PartnerKind.EMPLOYER, active=True)


class ProposalForm(forms.Form):
    client = forms.CharField(label=_("Client number"), max_length=64)
    proposed_on = DayField(label=_("Proposed on"), widget=DATE_INPUT)


class ReturnForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Return"), choices=[c for c in ProposalResult.choices if c[0] != ProposalResult.OPEN]
    )
    result_on = DayField(label=_("on"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason for not applying"), max_length=300, required=False)


class TrainingForm(forms.Form):
    day = DayField(label=_("Date"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = staff if staff is not None else _staff()

    def clean(self):
        data = super().clean()
        seats, chosen = data.get("seats"), data.get("participants") or []
        if seats is not None and len(chosen) > seats:
            self.add_error("participants", _("More participants than seats."))
        return data
