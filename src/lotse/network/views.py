"""The network's pages (SPEC S10): partners, cooperations, working groups with minutes and
tasks, case consultations, vacancies, the network report and the qualification coverage.

Partners and working groups are visible to staff; referrals and proposals concern clients
and go through the client's need-to-know scope (:func:`lotse.clients.access.open_client_form`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.clients.access import open_client_form
from lotse.clients.scope import persons_visible_to
from lotse.core.clock import today
from lotse.core.dates import request_as_of, request_int
from lotse.core.errors import Refused
from lotse.core.forms import save_or_refuse
from lotse.core.models import new_external_id
from lotse.core.roles import Role, has_role
from lotse.network import services
from lotse.network.forms import (
    ConsultationForm,
    ContactPersonForm,
    CooperationForm,
    ExchangeForm,
    GroupForm,
    MinutesForm,
    OfferForm,
    PartnerForm,
    ProposalForm,
    ReferralOutcomeForm,
    TaskForm,
    TrainingForm,
    VacancyForm,
)
from lotse.network.models import (
    CaseConsultation,
    Cooperation,
    CooperationStatus,
    Meeting,
    Partner,
    PartnerKind,
    PartnerReferral,
    Task,
    Vacancy,
    WorkingGroup,
)
from lotse.network.report import partner_report, proposal_figures
from lotse.organisation.models import District, QualificationType, Staff, TrainingDate
from lotse.organisation.qualifications import coverage
from lotse.organisation.selectors import own_staff

READERS = (Role.CASEWORKER, Role.TEAM_LEAD, Role.OUTREACH, Role.CONTROLLING, Role.MANAGEMENT)
WRITERS = (Role.CASEWORKER, Role.TEAM_LEAD, Role.OUTREACH)
CONSULTING = (Role.CASEWORKER, Role.TEAM_LEAD)
COVERAGE = (Role.TEAM_LEAD, Role.MANAGEMENT)


def _require(request: HttpRequest, *roles: Role) -> None:
    if not has_role(request.user, *roles):
        raise Http404


def _may_write(request: HttpRequest) -> bool:
    return has_role(request.user, *WRITERS)


# ---- partners


def partners(request: HttpRequest) -> HttpResponse:
    """Partners by kind and district, searchable by name."""
    _require(request, *READERS)
    rows = Partner.objects.filter(active=True).prefetch_related("districts").select_related("responsible")
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind") if request.GET.get("kind") in PartnerKind.values else ""
    district = request.GET.get("district", "")[:64]
    if query:
        rows = rows.filter(name__icontains=query)
    if kind:
        rows = rows.filter(kind=kind)
    if district:
        rows = rows.filter(districts__external_id=district)
    page = Paginator(rows.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "network/partners.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "district": district,
            "kinds": PartnerKind.choices,
            "districts": District.objects.order_by("name"),
            "may_write": _may_write(request),
        },
    )


def partner_new(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, *WRITERS)
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        if partner is None:
            form.instance.external_id = new_external_id()
        saved = form.save()
        services.audit_write("partner", saved, request.user)
        messages.success(request, _("The partner was saved."))
        return redirect("network:partner", pk=saved.pk)
    return render(request, "network/partner_form.html", {"form": form, "partner": partner})


PARTNER_FORMS = {
    "contact": ContactPersonForm,
    "offer": OfferForm,
    "cooperation": CooperationForm,
    "exchange": ExchangeForm,
}


def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner with contact persons, offers, cooperations, vacancies and the referral figures."""
    _require(request, *READERS)
    partner = get_object_or_404(Partner.objects.select_related("responsible"), pk=pk)
    forms = {name: form(prefix=name) for name, form in PARTNER_FORMS.items()}
    if request.method == "POST":
        _require(request, *WRITERS)
        what = request.POST.get("what")
        if what not in PARTNER_FORMS:
            raise Http404
        form = PARTNER_FORMS[what](request.POST, request.FILES, prefix=what)
        if form.is_valid():
            form.instance.partner = partner
            if what == "cooperation":
                form.instance.external_id = new_external_id()
            if what == "exchange":
                form.instance.staff = own_staff(request.user)
            services.audit_write(what, form.save(), request.user)
            messages.success(request, _("Saved."))
            return redirect(reverse("network:partner", kwargs={"pk": partner.pk}) + f"#{what}")
        forms[what] = form
    year_start = date(today().year, 1, 1)
    figures = next((row for row in partner_report(year_start, today()) if row.partner.pk == partner.pk), None)
    return render(
        request,
        "network/partner.html",
        {
            "partner": partner,
            "contacts": partner.contacts.all(),
            "offers": partner.offers.all(),
            "cooperations": partner.cooperations.select_related("owner"),
            "vacancies": partner.vacancies.filter(closed_on__isnull=True),
            "exchanges": partner.exchanges.select_related("staff")[:20],
            "figures": figures,
            "forms": forms,
            "may_write": _may_write(request),
        },
    )


def cooperations(request: HttpRequest) -> HttpResponse:
    """Cooperation agreements and interface concepts, reviews due first."""
    _require(request, *READERS)
    as_of = request_as_of(request)
    rows = Cooperation.objects.select_related("partner", "owner").order_by("review_due", "partner__name")
    due = rows.filter(review_due__lte=as_of + timedelta(days=60)).exclude(status=CooperationStatus.ENDED)
    return render(request, "network/cooperations.html", {"rows": rows, "due": due, "as_of": as_of})


# ---- working groups, minutes, tasks


def groups(request: HttpRequest) -> HttpResponse:
    _require(request, *READERS)
    me = own_staff(request.user)
    form = GroupForm(request.POST or None, team=me.team if me else None)
    if request.method == "POST":
        _require(request, *WRITERS)
        data = form.cleaned_data if form.is_valid() else None
        group = (
            save_or_refuse(form, lambda: services.group_create(user=request.user, **data)) if data else None
        )
        if group:
            messages.success(request, _("The working group was set up."))
            return redirect("network:group", pk=group.pk)
    rows = WorkingGroup.objects.filter(active=True).select_related("chair").annotate(n=Count("members"))
    return render(
        request, "network/groups.html", {"rows": rows, "form": form, "may_write": _may_write(request)}
    )


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members, the next meetings by the cadence, the minutes of past meetings; record minutes."""
    _require(request, *READERS)
    group = get_object_or_404(WorkingGroup.objects.select_related("chair"), pk=pk)
    day = today()
    form = MinutesForm(request.POST or None, request.FILES or None, group=group, initial={"day": day})
    if request.method == "POST":
        _require(request, *WRITERS)
        data = form.cleaned_data if form.is_valid() else None
        meeting = (
            save_or_refuse(form, lambda: services.minutes_record(group=group, user=request.user, **data))
            if data
            else None
        )
        if meeting:
            messages.success(request, _("The minutes were saved. Add the tasks agreed."))
            return redirect("network:meeting", pk=meeting.pk)
    return render(
        request,
        "network/group.html",
        {
            "group": group,
            "members": group.members.select_related("team").order_by("family_name"),
            "partner_members": group.partner_members.select_related("partner"),
            "upcoming": services.meeting_days(group, day, day + timedelta(days=62))[:4],
            "meetings": group.meetings.order_by("-day").prefetch_related("tasks__owner")[:12],
            "form": form,
            "may_write": _may_write(request),
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *READERS)
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    form = TaskForm(request.POST or None, group=meeting.group, initial={"due": today() + timedelta(days=14)})
    if request.method == "POST":
        _require(request, *WRITERS)
        data = form.cleaned_data if form.is_valid() else None
        task = (
            save_or_refuse(form, lambda: services.task_add(meeting=meeting, user=request.user, **data))
            if data
            else None
        )
        if task:
            messages.success(
                request, _("Task added: it is on %(owner)s's start page.") % {"owner": task.owner}
            )
            return redirect("network:meeting", pk=meeting.pk)
    return render(
        request,
        "network/meeting.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.order_by("family_name"),
            "tasks": meeting.tasks.select_related("owner"),
            "form": form,
            "may_write": _may_write(request),
        },
    )


@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *WRITERS)
    task = get_object_or_404(Task.objects.select_related("meeting__group"), pk=pk)
    try:
        services.task_done(task=task, day=today(), by=own_staff(request.user), user=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Task done: %(task)s") % {"task": task.text})
    return redirect("home")


# ---- collegial case consultation


def consultations(request: HttpRequest) -> HttpResponse:
    """Schedule a collegial case consultation: date, time, room, participants — no content."""
    _require(request, *CONSULTING)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST":
        data = form.cleaned_data if form.is_valid() else None
        done = (
            save_or_refuse(form, lambda: services.consultation_schedule(user=request.user, **data))
            if data
            else None
        )
        if done:
            messages.success(request, _("The case consultation is scheduled."))
            return redirect("network:consultations")
    upcoming = CaseConsultation.objects.filter(day__gte=today()).prefetch_related("participants")
    return render(request, "network/consultations.html", {"form": form, "upcoming": upcoming})


# ---- vacancies and proposals


def vacancies(request: HttpRequest) -> HttpResponse:
    _require(request, *READERS)
    form = VacancyForm(request.POST or None, initial={"acquired_on": today()})
    if request.method == "POST":
        _require(request, *WRITERS)
        if form.is_valid():
            data = dict(form.cleaned_data)
            employer = data.pop("employer")
            vacancy = save_or_refuse(
                form,
                lambda: services.vacancy_record(
                    employer=employer, acquired_by=own_staff(request.user), **data
                ),
            )
            if vacancy:
                messages.success(request, _("The vacancy was recorded."))
                return redirect("network:vacancy", pk=vacancy.pk)
    rows = (
        Vacancy.objects.filter(closed_on__isnull=True)
        .select_related("employer", "district")
        .annotate(n=Count("proposals"))
    )
    flags = {
        "part_time": Q(part_time_possible=True),
        "apprenticeship": Q(part_time_apprenticeship=True),
        "childcare": Q(childcare_compatible=True),
    }
    chosen = [f for f in flags if request.GET.get(f)]
    for flag in chosen:
        rows = rows.filter(flags[flag])
    page = Paginator(rows.order_by("-acquired_on", "title", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "network/vacancies.html",
        {"page": page, "form": form, "chosen": chosen, "may_write": _may_write(request)},
    )


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy and its proposals; propose it to a client of one's reach."""
    _require(request, *READERS)
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer", "district"), pk=pk)
    form = ProposalForm(request.POST or None, initial={"proposed_on": today()})
    if request.method == "POST":
        _require(request, *WRITERS)
        if form.is_valid():
            try:
                person = open_client_form(request, form.cleaned_data["client"], what="")
            except Http404:
                form.add_error("client", _("No client with this number within your reach."))
            else:
                proposal = save_or_refuse(
                    form,
                    lambda: services.proposal_make(
                        vacancy=vacancy,
                        person=person,
                        proposed_on=form.cleaned_data["proposed_on"],
                        staff=own_staff(request.user),
                        user=request.user,
                    ),
                )
                if proposal:
                    messages.success(request, _("Proposed to %(client)s.") % {"client": person})
                    return redirect("network:vacancy", pk=vacancy.pk)
    # only the proposals to clients the user may see are listed (need-to-know)
    proposals = vacancy.proposals.filter(person__in=persons_visible_to(request.user)).select_related("person")
    return render(
        request,
        "network/vacancy.html",
        {"vacancy": vacancy, "proposals": proposals, "form": form, "may_write": _may_write(request)},
    )


# ---- report and qualifications


def report(request: HttpRequest) -> HttpResponse:
    """Referrals per partner and placement proposals per target group and team, for a year."""
    _require(request, *READERS)
    last = request_as_of(request)
    first = date(last.year, 1, 1)
    groups_rows, teams = proposal_figures(first, last)
    return render(
        request,
        "network/report.html",
        {
            "first": first,
            "last": last,
            "partners": partner_report(first, last),
            "groups": groups_rows,
            "teams": teams,
        },
    )


def qualifications(request: HttpRequest) -> HttpResponse:
    """Who lacks a qualification their specialisation requires, per team, and the training plan."""
    _require(request, *COVERAGE)
    as_of = request_as_of(request)
    me = own_staff(request.user)
    teams = None if has_role(request.user, Role.MANAGEMENT) or me is None else [me.team_id]
    gaps = coverage(as_of, teams)
    members = Staff.objects.filter(pk__in=[m.staff.pk for t in gaps for m in t.members]).order_by(
        "family_name"
    )
    form = TrainingForm(request.POST or None, staff=members)
    if request.method == "POST":
        kind = get_object_or_404(QualificationType, pk=request_int(request.POST, "qualification") or 0)
        if form.is_valid():
            data = dict(form.cleaned_data)
            participants = data.pop("participants")
            training = TrainingDate.objects.create(qualification=kind, **data)
            training.participants.set(participants)
            services.audit_write("training_date", training, request.user)
            messages.success(request, _("Training date added: %(t)s.") % {"t": training})
            return redirect("network:qualifications")
    return render(
        request,
        "network/qualifications.html",
        {
            "as_of": as_of,
            "teams": gaps,
            "catalogue": QualificationType.objects.filter(active=True),
            "plan": TrainingDate.objects.filter(day__gte=as_of)
            .select_related("qualification")
            .prefetch_related("participants"),
            "form": form,
        },
    )


@require_POST
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner's feedback on a referral, recorded on the client record."""
    referral = get_object_or_404(PartnerReferral.objects.select_related("person"), pk=pk)
    person = open_client_form(request, referral.person, what="")
    form = ReferralOutcomeForm(request.POST, prefix=f"outcome-{referral.pk}")
    if form.is_valid():
        try:
            services.partner_referral_outcome(referral=referral, user=request.user, **form.cleaned_data)
        except Refused as exc:
            messages.error(request, _("Not saved: %(errors)s") % {"errors": exc})
        else:
            messages.success(request, _("The partner's feedback was recorded."))
    else:
        messages.error(request, _("Not saved: choose the feedback and its date."))
    return redirect(reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#network")


def document(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A filed document (a cooperation agreement, the minutes of a meeting), for staff only:
    uploads are never served as static files."""
    _require(request, *READERS)
    if kind == "cooperation":
        stored = get_object_or_404(Cooperation, pk=pk).document
    elif kind == "minutes":
        stored = get_object_or_404(Meeting, pk=pk).minutes_file
    else:
        raise Http404
    if not stored:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1])
