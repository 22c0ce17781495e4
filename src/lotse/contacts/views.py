"""The caseworker's worklist and recording contacts (SPEC S4)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.clients.access import open_client_for_write
from lotse.contacts import services
from lotse.contacts.forms import ContactForm
from lotse.contacts.models import Channel, Contact
from lotse.contacts.selectors import SECTIONS, deviations_valid, worklist
from lotse.contacts.worklist_rows import worklist_rows
from lotse.core.audit import last_write_to, record, record_person
from lotse.core.clock import parse_day, today
from lotse.core.dates import request_as_of
from lotse.core.errors import Refused
from lotse.core.locking import versioned_edit
from lotse.core.models import AuditAction
from lotse.core.roles import Role, has_role
from lotse.organisation.deputies import represented_by
from lotse.organisation.models import Staff


def worklist_page(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.CASEWORKER, Role.TEAM_LEAD):
        raise Http404
    as_of = request_as_of(request)
    own = Staff.objects.filter(user=request.user).select_related("team").first()
    member = own
    team_members = []
    if has_role(request.user, Role.TEAM_LEAD) and own is not None:
        # the lead's own caseload first (selected by default), then the team's caseworkers
        others = Staff.objects.filter(team=own.team, role="caseworker").exclude(pk=own.pk)
        team_members = [own, *others.order_by("family_name", "given_name")]
        chosen = request.GET.get("staff")
        if chosen:
            member = next((s for s in team_members if s.external_id == chosen), None) or own
    if member is None:
        return render(request, "contacts/worklist.html", {"member": None})
    represented = list(represented_by(member, as_of))
    work = worklist(request.user, staff=member, as_of=as_of, represented=represented)
    section = request.GET.get("section") if request.GET.get("section") in SECTIONS else "overdue"
    page = Paginator(work.section(section), 50).get_page(request.GET.get("page"))
    shown = [(i.person.pk, i.person.external_id) for i in page.object_list]
    if shown:
        record(action=AuditAction.READ, what="worklist", persons=shown, user=request.user)
    return render(
        request,
        "contacts/worklist.html",
        {
            "member": member,
            "team_members": team_members,
            "page": page,
            "rows": worklist_rows(page.object_list, as_of, work.version),
            "section": section,
            "counts": work.counts,
            "represented": represented,
        },
    )


DRAFT = "contact_draft"  # a refused contact's input, shown again once on the record (then gone)
DRAFT_FIELDS = ("kind", "date", "channel", "held", "topic", "outcome", "note")


def _refused(request: HttpRequest, external_id: str, url: str, message: str, field: str) -> HttpResponse:
    """Back to the record with the form open, the input kept and the error at its field."""
    post = request.POST
    request.session[DRAFT] = {
        "person": external_id,
        "values": {name: post.get(name, "")[:2000] for name in DRAFT_FIELDS},
        "error": message,
        "field": field,
    }
    return redirect(url + "#record-contact")


@require_POST
def contact_create(request: HttpRequest, external_id: str) -> HttpResponse:
    person = open_client_for_write(request, external_id)
    url = reverse("clients:detail", kwargs={"external_id": external_id})
    if request.GET.get("as_of"):
        url += f"?as_of={request_as_of(request).isoformat()}"
    post = request.POST
    try:
        day = parse_day(post.get("date", ""))
    except ValueError:
        missing = _("The date of the contact is missing or not a date.")
        return _refused(request, external_id, url, missing, "date")
    if post.get("channel") not in Channel.values:
        return _refused(request, external_id, url, _("Choose a channel."), "channel")
    staff = Staff.objects.filter(user=request.user).first()
    try:
        if post.get("kind") == "appointment":
            services.appointment_plan(
                person=person,
                staff=staff,
                day=day,
                channel=post["channel"],
                topic=post.get("topic", ""),
                user=request.user,
                today=today(),
            )
            messages.success(
                request, _("Appointment planned for %(day)s.") % {"day": day.strftime("%d.%m.%Y")}
            )
        else:
            services.contact_record(
                person=person,
                staff=staff,
                day=day,
                channel=post["channel"],
                held=post.get("held") == "on",
                topic=post.get("topic", ""),
                note=post.get("note", ""),
                outcome=post.get("outcome") or None,
                user=request.user,
                today=today(),
            )
            messages.success(request, _("Contact of %(day)s recorded.") % {"day": day.strftime("%d.%m.%Y")})
    except Refused as exc:
        return _refused(request, external_id, url, str(exc), exc.field or "")
    return redirect(url)


def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a contact (topic, note, channel, held); a stale save is refused, input kept."""
    contact = get_object_or_404(Contact.objects.select_related("person"), pk=pk)
    open_client_for_write(request, contact.person)
    if request.method != "POST":
        record_person(
            action=AuditAction.READ, what="contact_edit_form", person=contact.person, user=request.user
        )

    def save(form: ContactForm) -> None:
        services.contact_update(contact=contact, **form.lock_args(), user=request.user, today=today())

    form, stale, saved = versioned_edit(request, ContactForm, contact, save)
    if saved:
        messages.success(request, _("The contact was corrected."))
        return redirect("clients:detail", external_id=contact.person.external_id)
    return render(
        request,
        "contacts/contact_edit.html",
        {
            "contact": contact,
            "person": contact.person,
            "form": form,
            "stale": stale,
            "last_writer": last_write_to(contact.person_id) if stale else None,
        },
    )


def deviation_list(request: HttpRequest) -> HttpResponse:
    """The team lead's review of the justified deviations valid on the date: who, what they
    replace, why, since when, until when, recorded by whom."""
    if not has_role(request.user, Role.TEAM_LEAD):
        raise Http404
    as_of = request_as_of(request)
    page = Paginator(deviations_valid(request.user, as_of), 50).get_page(request.GET.get("page"))
    shown = [(d.person_id, d.person.external_id) for d in page.object_list]
    if shown:
        record(action=AuditAction.READ, what="deviation_list", persons=shown, user=request.user)
    return render(request, "contacts/deviations.html", {"page": page})
