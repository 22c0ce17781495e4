"""Municipal integration services with a yearly budget, and referrals (SPEC S8; Mettmann 2014, V).

A service (childcare fund, debt counselling, psychosocial care, addiction counselling …)
has one budget per year. A referral grants a client a service on a date with an amount.
What the municipal carrier asks for at year end — per city, how many clients benefited,
how many moved closer to the labour market or were integrated — is computed from the
data (:mod:`lotse.municipal.report`): "closer" from the client's Profillage before and
after, "integrated" from the integrations recorded, never from a box ticked by hand.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.models import DayField, ExternalKeyModel, Withdrawable
from lotse.organisation.models import Staff


class ServiceBudget(models.Model):
    """A municipal service (§ 16a SGB II) and its budget in one year."""

    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("municipal service budget")
        verbose_name_plural = _("municipal service budgets")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="one_budget_per_service_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Referral(ExternalKeyModel, Withdrawable):
    """A client referred to or granted a municipal service, with the amount committed."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(ServiceBudget, on_delete=models.PROTECT, related_name="referrals")
    referred_on = DayField(_("referred on"))
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    ended_on = DayField(_("ended on"), null=True, blank=True)
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["person", "referred_on"]
        indexes = [models.Index(fields=["referred_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.service_id} on {self.referred_on}"
