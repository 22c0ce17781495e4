"""Nothing of routing is configured in the Django admin.

Routing rule sets are edited in Lotse's own editor (:mod:`lotse.routing.rule_set_views`:
conditions chosen from the vocabulary, order by position, a preview of the caseloads,
versioning by valid-from) or imported as YAML with ``lotse rules import``. Handovers and
overrides name clients: they are read on the team lead's pages under need-to-know scoping
and the audit trail, not in the administrator's admin (SPEC S11).
"""
