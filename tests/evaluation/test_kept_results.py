"""Results kept until the next write (lotse.core.kept): a write through a service is seen by
the very next evaluation and worklist, and a worklist recomputes only the client written."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotse.clients.models import Person
from lotse.contacts import selectors
from lotse.contacts.models import Contact
from lotse.contacts.selectors import contact_status
from lotse.contacts.services import contact_record, contact_update, deviation_record
from lotse.core import data_version
from lotse.core.kept import forget_all
from lotse.core.models import PersonStamp
from lotse.evaluation.contact_density import Arrays, evaluate_contact_density, freeze_months, kept_arrays
from lotse.organisation.models import Staff, Team
from lotse.outreach.report import outreach_report
from lotse.targets.mbz import mbz_report

DAY = date(2026, 11, 21)


@pytest.mark.django_db
def test_a_contact_recorded_through_the_service_is_in_the_next_evaluation(routed, keep_results):
    before = evaluate_contact_density(DAY, by=("team",), series_months=1)
    assert evaluate_contact_density(DAY, by=("team",), series_months=1) is before  # kept
    assert before.total.within[1] == 0
    p1 = Person.objects.get(external_id="P1")
    contact_record(person=p1, staff=Staff.objects.get(external_id="S1"), day=DAY, channel="phone", held=True)
    after = evaluate_contact_density(DAY, by=("team",), series_months=1)
    assert after is not before
    assert after.total.within[1] == 1  # P1's phone call today
    assert after.total.clients == before.total.clients


@pytest.mark.django_db
def test_the_column_snapshot_reads_only_the_contacts_written_since(routed, keep_results):
    """Recording or correcting a contact keeps the snapshot and re-reads the contacts of the
    person written; any other write (a deviation) loads a new snapshot."""
    data_version.advance()
    snapshot = kept_arrays()
    held = snapshot.c_person.size
    s1 = Staff.objects.get(external_id="S1")
    p1, p3 = Person.objects.get(external_id="P1"), Person.objects.get(external_id="P3")
    contact = contact_record(person=p1, staff=s1, day=DAY, channel="phone", held=True)
    contact_record(person=p3, staff=s1, day=DAY, channel="phone", held=False)  # missed: not counted
    assert kept_arrays() is snapshot
    assert snapshot.c_person.size == held + 1
    assert evaluate_contact_density(DAY, by=(), series_months=1).total.within[1] == 1
    # a correction moves P1's call back to October: replaced, not added
    contact_update(
        contact=contact,
        version=contact.version,
        changes={"date": date(2026, 10, 1)},
        seen={"date": DAY},
        user=None,
        today=DAY,
    )
    assert kept_arrays() is snapshot and snapshot.c_person.size == held + 1
    assert evaluate_contact_density(DAY, by=(), series_months=1).total.within[1] == 0
    assert evaluate_contact_density(DAY, by=(), series_months=1).as_json() == _fresh(DAY)
    deviation_record(person=p1, interval_months=6, valid_from=DAY, reason="Krankheit")
    assert kept_arrays() is not snapshot


@pytest.mark.django_db
def test_a_new_snapshot_carries_the_contacts_over_and_agrees_with_one_read_afresh(routed, keep_results):
    """After a write that is more than a contact (a deviation, a new person with a contact,
    a contact written in the same go) persons and benefits are read again and the contacts
    carried over: the evaluation must equal one from arrays read from scratch, and a change
    of configuration reads everything."""
    data_version.advance()
    snapshot = kept_arrays()
    s1 = Staff.objects.get(external_id="S1")
    p1, p4 = Person.objects.get(external_id="P1"), Person.objects.get(external_id="P4")
    deviation_record(person=p1, interval_months=6, valid_from=DAY, reason="Krankheit")
    contact_record(person=p4, staff=s1, day=DAY, channel="phone", held=True)
    with CaptureQueriesContext(connection) as queries:
        carried = kept_arrays()
    reads = [q["sql"] for q in queries if 'FROM "contacts_contact" ' in q["sql"]]
    assert reads and all("core_personstamp" in sql for sql in reads)  # only those written since
    assert carried is not snapshot
    assert carried.c_person.size == snapshot.c_person.size + 1
    assert evaluate_contact_density(DAY, by=("team",), series_months=1).as_json() == _fresh_by_team(DAY)
    # a person written after a shape change: gone (deleted) or added, their contacts follow
    Contact.objects.filter(person=p4).delete()
    p4.delete()  # as the retention run would, which stamps nobody: the snapshot still drops them
    data_version.advance([p1.pk])
    after = kept_arrays()
    assert after.c_person.size == Contact.objects.filter(held=True).count() == snapshot.c_person.size - 1
    assert evaluate_contact_density(DAY, by=("team",), series_months=1).as_json() == _fresh_by_team(DAY)
    data_version.advance()  # configuration: nothing carried
    assert kept_arrays() is not after


def _fresh_by_team(day: date) -> dict:
    return evaluate_contact_density(day, by=("team",), series_months=1, arrays=Arrays()).as_json()


def _fresh(day: date) -> dict:
    """The same evaluation from arrays loaded now (nothing kept)."""
    return evaluate_contact_density(day, by=(), series_months=1, arrays=Arrays()).as_json()


@pytest.mark.django_db
def test_the_worklist_recomputes_only_the_household_written(routed, keep_results):
    """P1 and P3 share household H1 (P3 moved in as partner), P4 lives alone: a contact with
    P1 renews the kept due dates of P1 and P3 (a household member's facts are theirs too)
    and leaves P4's."""
    s1 = Staff.objects.get(external_id="S1")
    data_version.advance()  # the counters exist (the very first write creates their epoch)
    first = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert set(first) == {"P1", "P3", "P4"}
    again = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert all(again[k] is first[k] for k in first)  # all kept
    p1 = Person.objects.get(external_id="P1")
    contact_record(person=p1, staff=s1, day=DAY, channel="phone", held=True)
    after = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert after["P4"] is first["P4"]  # another household: still the kept figure
    assert after["P1"] is not first["P1"] and after["P3"] is not first["P3"]
    assert after["P1"].last_counting_contact == DAY
    assert not after["P1"].overdue
    # a justified deviation is a write about the person too
    deviation_record(person=p1, interval_months=6, valid_from=DAY, reason="Krankheit")
    statuses = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert statuses["P1"].deviation is not None
    assert statuses["P4"] is first["P4"]


@pytest.mark.django_db
def test_a_due_date_one_worker_computed_is_read_by_the_others(routed, keep_results):
    """The due dates are kept in the database too: a worker that has not computed them (here:
    this process after forgetting what it kept) reads them instead of the clients' contacts
    and histories, and after a contact it computes the written client's only."""
    s1 = Staff.objects.get(external_id="S1")
    data_version.advance()
    first = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    forget_all()  # another worker
    with CaptureQueriesContext(connection) as captured:
        shared = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert shared == first
    assert not [q for q in captured.captured_queries if 'FROM "contacts_contact" ' in q["sql"]]
    contact_record(person=Person.objects.get(external_id="P4"), staff=s1, day=DAY, channel="phone", held=True)
    forget_all()
    with CaptureQueriesContext(connection) as captured:
        after = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert after["P4"].last_counting_contact == DAY != first["P4"].last_counting_contact  # not the old one
    assert after["P1"] == first["P1"] and after["P3"] == first["P3"]
    (contacts,) = [q["sql"] for q in captured.captured_queries if 'FROM "contacts_contact" ' in q["sql"]]
    assert str(Person.objects.get(external_id="P4").pk) in contacts and "IN" in contacts  # P4's only


@pytest.mark.django_db
def test_a_kept_due_date_is_replaced_not_added_and_the_retention_run_deletes_them(routed, keep_results):
    """The due dates kept for every worker are social data: a person keeps the ones of their
    current data only, and the nightly retention run deletes them all."""
    from lotse.core.models import KeptPart
    from lotse.trust.retention import retention_run

    def kept_for(person: Person) -> int:
        return KeptPart.objects.filter(kind="due_date", person_pk=person.pk).count()

    data_version.advance()
    p4 = Person.objects.get(external_id="P4")
    contact_status(Person.objects.all(), DAY)
    assert kept_for(p4) == 1
    contact_record(person=p4, staff=Staff.objects.get(external_id="S1"), day=DAY, channel="phone", held=True)
    contact_status(Person.objects.all(), DAY)
    assert kept_for(p4) == 1  # the older generation went
    retention_run(as_of=DAY)
    assert not KeptPart.objects.filter(kind="due_date").exists()


@pytest.mark.django_db
def test_a_write_about_a_household_member_renews_the_clients_figure(routed, keep_results):
    """P2, P1's child, is nobody's client: a write about P2 alone (the child's facts decide
    whether P1 is a single parent) renews the kept due dates of P1 and P3 (same household)
    and leaves P4's."""
    data_version.advance()
    first = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert "P2" not in first
    p2 = Person.objects.get(external_id="P2")
    number = data_version.advance([p2.pk])
    assert PersonStamp.objects.get(person_pk=p2.pk).stamp == number
    after = {i.person.external_id: i.status for i in contact_status(Person.objects.all(), DAY)}
    assert after["P1"] is not first["P1"] and after["P3"] is not first["P3"]
    assert after["P4"] is first["P4"]


@pytest.mark.django_db
def test_every_kind_of_write_moves_the_version_on(routed, keep_results):
    def moved(write) -> bool:
        before = data_version.current()
        write()
        return data_version.current() != before

    team = Team.objects.first()
    admin = User.objects.create_superuser("kept-admin", password="x")
    assert moved(
        lambda: LogEntry.objects.log_actions(
            user_id=admin.pk, queryset=[team], action_flag=CHANGE, change_message="[]", single_object=True
        )
    )
    assert moved(lambda: freeze_months([date(2026, 10, 31)]))
    config = data_version.current().config
    assert moved(lambda: data_version.advance([1, 2]))
    assert data_version.current().config == config  # a write about persons: their stamps only
    assert moved(lambda: data_version.advance())
    assert data_version.current().config == config + 1


@pytest.mark.django_db
def test_reports_are_kept_per_data_version(routed, keep_results):
    month = date(2026, 11, 1)
    assert mbz_report(month) is mbz_report(month)
    assert outreach_report(date(2026, 1, 1), DAY) is outreach_report(date(2026, 1, 1), DAY)
    kept = mbz_report(month)
    data_version.advance()
    assert mbz_report(month) is not kept


@pytest.mark.django_db
def test_without_keeping_nothing_is_kept(routed, settings):
    settings.KEEP_RESULTS = False
    assert evaluate_contact_density(DAY, by=(), series_months=1) is not evaluate_contact_density(
        DAY, by=(), series_months=1
    )
    s1 = Staff.objects.get(external_id="S1")
    forget_all()
    contact_status(Person.objects.filter(responsibility__staff=s1), DAY)
    assert not selectors.DUE_DATES.lru.items


@pytest.mark.django_db
def test_a_new_partner_is_offered_on_the_record_at_once(caseworker_client, keep_results):
    """The record's blank forms are rendered once per catalogue version: a partner saved
    through the network's write (as its page does) is in the referral form's choices on the
    next page, and recording a contact does not render them again."""
    from lotse.network.models import Partner
    from lotse.network.services import audit_write

    assert "Tafel Nord" not in caseworker_client.get("/clients/P1/").content.decode()
    before = data_version.current().config
    contact_record(
        person=Person.objects.get(external_id="P1"), staff=None, day=DAY, channel="phone", held=True
    )
    assert data_version.current().config == before  # a contact is no catalogue change
    partner = Partner.objects.create(name="Tafel Nord", kind="counselling")
    audit_write("partner", partner, None)
    assert "Tafel Nord" in caseworker_client.get("/clients/P1/").content.decode()


@pytest.mark.django_db
def test_routing_moves_the_version_on_and_an_unchanged_rerun_does_not(small_data, keep_results):
    """The routing's handovers are its audit record, not an audit entry: it moves the data
    version on itself, so figures by team are not kept past a re-routing."""
    from tests.routing.test_engine import route

    data_version.advance()
    before = evaluate_contact_density(DAY, by=("team",), series_months=1)
    first = data_version.current()
    route(DAY)
    assert data_version.current().shape > first.shape
    after = evaluate_contact_density(DAY, by=("team",), series_months=1)
    assert after is not before and {g.key for g in after.groups} != {g.key for g in before.groups}
    routed_version = data_version.current()
    route(DAY)  # nothing changes: nothing written
    assert data_version.current() == routed_version


@pytest.mark.django_db
def test_an_imported_rule_set_is_used_at_once(routed, keep_results):
    """Rule sets are kept per configuration version; importing one (`lotse rules import`, the
    API) moves that version on, so the next worklist and record use the new rules."""
    from lotse.contacts import rulesets as contact_rulesets
    from lotse.routing import rulesets as routing_rulesets

    before_rules = routing_rulesets.hierarchy_on(DAY)
    before_contacts = contact_rulesets.contact_rule_set_on(DAY)
    assert routing_rulesets.hierarchy_on(DAY) is before_rules  # kept
    routing = routing_rulesets.load_preset("hagen_2018")
    routing.update(name="Hagen ab November 2026", valid_from="2026-11-01")
    routing_rulesets.rule_set_import(document=routing)
    assert routing_rulesets.hierarchy_on(DAY)[0] == "Hagen ab November 2026" != before_rules[0]
    contacts = contact_rulesets.load_preset("darmstadt_2017")
    contacts.update(name="Darmstadt ab November 2026", valid_from="2026-11-01")
    contact_rulesets.contact_rule_set_import(document=contacts)
    assert (
        contact_rulesets.contact_rule_set_on(DAY).name == "Darmstadt ab November 2026" != before_contacts.name
    )
