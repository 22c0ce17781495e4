"""A real OpenLDAP server (Debian's slapd) for the directory log-in tests: started on a free
loopback port with a generated configuration and directory, stopped after the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SUFFIX = "dc=jobcenter,dc=example"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PW = "directory-admin"
PASSWORD = "Verzeichnis-Passwort-1"
GROUPS = {
    "caseworker": f"cn=lotse-ifk,ou=groups,{SUFFIX}",
    "team_lead": f"cn=lotse-teamleitung,ou=groups,{SUFFIX}",
    "outreach": f"cn=lotse-aufsuchend,ou=groups,{SUFFIX}",
}

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
database mdb
maxsize 104857600
suffix "{suffix}"
rootdn "{root}"
rootpw {pw}
directory {dir}/db
access to attrs=userPassword by self read by anonymous auth by * none
access to * by * read
"""


@dataclass
class Directory:
    uri: str

    def connection(self):
        import ldap

        conn = ldap.initialize(self.uri)
        conn.simple_bind_s(ROOT_DN, ROOT_PW)
        return conn

    def person(self, uid: str, given: str, family: str, employee_number: str = "") -> str:
        from ldap import modlist

        dn = f"uid={uid},ou=people,{SUFFIX}"
        attrs = {
            "objectClass": [b"inetOrgPerson"],
            "uid": [uid.encode()],
            "cn": [f"{given} {family}".encode()],
            "givenName": [given.encode()],
            "sn": [family.encode()],
            "mail": [f"{uid}@jobcenter.example".encode()],
            "userPassword": [PASSWORD.encode()],
        }
        if employee_number:
            attrs["employeeNumber"] = [employee_number.encode()]
        self.connection().add_s(dn, modlist.addModlist(attrs))
        return dn

    def set_member(self, role: str, dn: str, member: bool) -> None:
        import ldap

        op = ldap.MOD_ADD if member else ldap.MOD_DELETE
        self.connection().modify_s(GROUPS[role], [(op, "member", [dn.encode()])])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def directory(tmp_path_factory) -> Iterator[Directory]:
    if not Path(SLAPD).exists():
        pytest.fail("slapd is not installed: apt-get install slapd (scripts/test.sh installs it)")
    import ldap
    from ldap import modlist

    folder = tmp_path_factory.mktemp("slapd")
    (folder / "db").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(CONFIG.format(dir=folder, suffix=SUFFIX, root=ROOT_DN, pw=ROOT_PW))
    uri = f"ldap://127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [SLAPD, "-f", str(conf), "-h", f"{uri}/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    conn = ldap.initialize(uri)
    for _ in range(100):
        try:
            conn.simple_bind_s(ROOT_DN, ROOT_PW)
            break
        except ldap.SERVER_DOWN:
            if server.poll() is not None:
                pytest.fail(f"slapd did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("slapd did not answer within 10 s")
    conn.add_s(
        SUFFIX,
        modlist.addModlist(
            {"objectClass": [b"dcObject", b"organization"], "o": [b"Jobcenter"], "dc": [b"jobcenter"]}
        ),
    )
    for ou in ("people", "groups"):
        conn.add_s(
            f"ou={ou},{SUFFIX}",
            modlist.addModlist({"objectClass": [b"organizationalUnit"], "ou": [ou.encode()]}),
        )
    for dn in GROUPS.values():
        name = dn.split(",")[0].split("=")[1]
        # groupOfNames needs a member: the administrator stands in for "nobody yet".
        conn.add_s(
            dn,
            modlist.addModlist(
                {"objectClass": [b"groupOfNames"], "cn": [name.encode()], "member": [ROOT_DN.encode()]}
            ),
        )
    try:
        yield Directory(uri)
    finally:
        server.terminate()
        server.wait(timeout=10)
