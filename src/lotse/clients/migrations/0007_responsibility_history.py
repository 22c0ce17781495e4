"""The responsibility periods of an existing installation, rebuilt from what it kept: the
current responsibility (open since its ``since``) and the handovers (each ends the period of
the responsibility it hands over, the day before its effective date). Where no handover
says when a first responsibility began, it began with the person's first benefit period."""

from collections import defaultdict
from datetime import timedelta

from django.db import migrations

DAY = timedelta(days=1)


def rebuild(apps, schema_editor):
    Responsibility = apps.get_model("clients", "Responsibility")
    Period = apps.get_model("clients", "ResponsibilityPeriod")
    Handover = apps.get_model("routing", "Handover")
    BenefitPeriod = apps.get_model("clients", "BenefitPeriod")
    if Period.objects.exists():
        return
    first_benefit = {}
    for person, start in BenefitPeriod.objects.order_by("valid_from").values_list("person_id", "valid_from"):
        first_benefit.setdefault(person, start)
    handovers = defaultdict(list)
    for row in Handover.objects.order_by("effective_date", "pk").values_list(
        "person_id", "effective_date", "from_team_id", "from_staff_id"
    ):
        handovers[row[0]].append(row[1:])
    periods = []
    for person, items in handovers.items():
        start = None
        for day, team, staff in items:
            begin = start or min(first_benefit.get(person, day), day)
            if (team or staff) and begin <= day - DAY:
                periods.append(
                    Period(person_id=person, team_id=team, staff_id=staff, rule_code="", valid_from=begin, valid_to=day - DAY)
                )
            start = day
    for person, team, staff, rule, since in Responsibility.objects.values_list(
        "person_id", "team_id", "staff_id", "rule_code", "since"
    ):
        periods.append(Period(person_id=person, team_id=team, staff_id=staff, rule_code=rule, valid_from=since))
    Period.objects.bulk_create(periods, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_responsibility_periods"), ("routing", "0004_hagen_until_2017")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
