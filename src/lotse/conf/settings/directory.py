"""Directory log-in settings (django-auth-ldap), read from ``LOTSE_LDAP_*`` variables.

Only imported when ``LOTSE_LDAP_URI`` is set, so an installation without a directory does
not load python-ldap at all. The roles and the staff link are applied by
:class:`lotse.organisation.directory.DirectoryBackend`.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping


def directory_settings(env: Mapping[str, str]) -> dict[str, object]:
    import ldap
    from django_auth_ldap.config import (
        GroupOfNamesType,
        LDAPGroupQuery,
        LDAPSearch,
        NestedActiveDirectoryGroupType,
    )

    from lotse.organisation.directory import parse_role_groups

    active_directory = env.get("LOTSE_LDAP_KIND", "openldap") == "active_directory"
    role_groups = parse_role_groups(env.get("LOTSE_LDAP_ROLE_GROUPS", ""))
    if not role_groups:
        raise ValueError("LOTSE_LDAP_ROLE_GROUPS must map at least one role to a directory group")
    user_filter = env.get(
        "LOTSE_LDAP_USER_FILTER", "(sAMAccountName=%(user)s)" if active_directory else "(uid=%(user)s)"
    )
    group_class = "(objectClass=group)" if active_directory else "(objectClass=groupOfNames)"
    return {
        "AUTH_LDAP_SERVER_URI": env["LOTSE_LDAP_URI"],
        "AUTH_LDAP_BIND_DN": env.get("LOTSE_LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env.get("LOTSE_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": env.get("LOTSE_LDAP_START_TLS", "false").lower() in {"1", "true", "yes"},
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(env["LOTSE_LDAP_USER_BASE"], ldap.SCOPE_SUBTREE, user_filter),
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(
            env.get("LOTSE_LDAP_GROUP_BASE", env["LOTSE_LDAP_USER_BASE"]), ldap.SCOPE_SUBTREE, group_class
        ),
        "AUTH_LDAP_GROUP_TYPE": NestedActiveDirectoryGroupType() if active_directory else GroupOfNamesType(),
        "AUTH_LDAP_USER_ATTR_MAP": {"first_name": "givenName", "last_name": "sn", "email": "mail"},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        # Only members of a mapped group log in; the roles follow the groups at every log-in.
        "AUTH_LDAP_REQUIRE_GROUP": functools.reduce(operator.or_, map(LDAPGroupQuery, role_groups.values())),
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_NETWORK_TIMEOUT: 5, ldap.OPT_TIMEOUT: 10},
        "LOTSE_LDAP_ROLE_GROUPS": role_groups,
        "LOTSE_LDAP_STAFF_ATTRIBUTE": env.get("LOTSE_LDAP_STAFF_ATTRIBUTE", "employeeNumber"),
    }
