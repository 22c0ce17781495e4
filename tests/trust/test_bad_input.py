"""Bad input at every edge answers with a clear 400/422, never a 500, and writes nothing.

Every page each role may open is fetched, every POST form on it is read from the HTML, and
each form is sent back with a NUL character in every field, with dates outside the documented
range (01.01.1900–31.12.2199), and with over-long texts. Every page is fetched with an
out-of-range reference date and a NUL in the query and the path. Every operation of the
committed OpenAPI schema gets the same in its path, query and body parameters.
"""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import get_resolver

from lotse.api.tokens import allowed_scopes, service_account_create, token_create
from lotse.core.clock import today
from lotse.core.models import AuditEvent
from tests.pages import allowed, concrete, logged_in_clients, walk

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
NUL = "\x00"
TOO_EARLY, TOO_LATE = "0001-01-01", "9999-12-31"
LONG = "Ü" * 5000
NOT_POSTED = ("/accounts/logout/", "/i18n/setlang/")  # would end the session or switch the language
TEXT_TYPES = {"text", "search", "email", "url", "tel", "textarea", "number", "password"}


class FormReader(HTMLParser):
    """The POST forms of a page: action and fields (name, type, value), as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower()}
            self._form["fields"] = []
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            field = self._form["fields"][-1]
            if field[2] is None or "selected" in a:
                field[2] = a.get("value", "")
        elif not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if (kind in ("checkbox", "radio") and "checked" not in a) or kind in ("file", "image", "reset"):
                return
            if "vDateField" in (a.get("class") or ""):
                kind = "date"  # the admin's date input
            self._form["fields"].append([a["name"], kind, a.get("value") or ""])
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"].append([a["name"], "textarea", ""])
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].append([a["name"], "select", None])
        elif (
            tag == "button"
            and (a.get("type") or "submit") == "submit"
            and not any(f[0] == a["name"] for f in self._form["fields"])
        ):
            self._form["fields"].append([a["name"], "submit", a.get("value") or ""])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea and self._form:
            self._form["fields"][-1][2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page: str) -> list[tuple[str, list[list[str]]]]:
    reader = FormReader()
    reader.feed(html)
    found = []
    for form in reader.forms:
        if form["method"] != "post":
            continue
        action = form["action"] or page
        if action.startswith("http") or any(action.startswith(p) for p in NOT_POSTED):
            continue
        fields = [[n, k, v or ""] for n, k, v in form["fields"]]
        found.append((action, fields))
    return found


def data_of(fields, change) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, kind, value in fields:
        data.setdefault(name, []).append(change(name, kind, value))
    return data


def row_counts() -> dict[str, int]:
    """Rows per table, the audit trail and sessions left out (reads write those)."""
    skip = {AuditEvent, apps.get_model("sessions", "Session")}
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m not in skip}


def pages_for(label: str) -> list[str]:
    urls = sorted(set(walk(get_resolver().url_patterns)))
    return [concrete(t, n) for t, n in urls if label in allowed(n)]


@pytest.fixture
def everyone(routed, make_user):
    clients = logged_in_clients(make_user)
    for c in clients.values():
        c.raise_request_exception = False  # a 500 is collected as a failure, not raised
    return clients


def _no_500(response, what: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{what} -> {response.status_code}")


@pytest.mark.slow  # walks every page and form of every role (about 20 s); CI runs it on both databases
@pytest.mark.django_db
def test_no_page_and_no_form_answers_500_to_bad_input(everyone):
    failures: list[str] = []
    forms_sent = 0
    for label, c in everyone.items():
        if label in ("anonymous", "integration"):
            continue
        for page in pages_for(label):
            if page.startswith("/admin/") and label != "administrator":
                continue
            for params in ({"as_of": TOO_EARLY}, {"as_of": TOO_LATE}, {"q": NUL, "as_of": NUL}):
                response = c.get(page, params)
                _no_500(response, f"{label} GET {page} {params!r}", failures)
                if NUL in params["as_of"] or response.status_code == 400:
                    assert response.status_code == 400, (label, page, params)
            response = c.get(page, {"as_of": "2026-11-21"})
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for action, fields in post_forms(response.content.decode(), page):
                before = row_counts()
                nul = c.post(action, data_of(fields, lambda n, k, v: v + NUL))
                _no_500(nul, f"{label} POST {action} (NUL) from {page}", failures)
                if nul.status_code != 400 or row_counts() != before:
                    failures.append(f"{label} POST {action} with NUL: {nul.status_code}, rows changed")
                forms_sent += 1
                if any(k == "date" for _n, k, _v in fields):
                    for bad in (TOO_EARLY, TOO_LATE):
                        r = c.post(
                            action, data_of(fields, lambda n, k, v, bad=bad: bad if k == "date" else v)
                        )
                        _no_500(r, f"{label} POST {action} (date {bad}) from {page}", failures)
                if any(k in TEXT_TYPES for _n, k, _v in fields):
                    r = c.post(action, data_of(fields, lambda n, k, v: LONG if k in TEXT_TYPES else v))
                    _no_500(r, f"{label} POST {action} (over-long) from {page}", failures)
    assert not failures, "\n".join(failures)
    assert forms_sent > 40  # the walk found the forms (client record, worklist, admin, ...)


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return SCHEMA["components"]["schemas"][name]
    return schema


def _is_date(schema: dict) -> bool:
    schema = _resolve(schema)
    options = [schema, *schema.get("anyOf", [])]
    return any(_resolve(o).get("format") == "date" for o in options)


@pytest.fixture
def integration_secret(routed):
    account = service_account_create(username="prober").user
    return token_create(
        user=account,
        name="probe",
        scopes=sorted(allowed_scopes(account)),
        expires_on=today() + timedelta(days=1),
        today=today(),
    ).secret


@pytest.mark.django_db
def test_no_api_operation_answers_500_or_an_undocumented_status_to_bad_input(client, integration_secret):
    client.raise_request_exception = False
    auth = {"HTTP_AUTHORIZATION": f"Bearer {integration_secret}"}
    samples = {"client_id": "P1", "household_id": "H1", "kind": "routing", "name": "Hagen 2016"}
    failures: list[str] = []
    probes = 0

    def check(method, path, documented, *, params=None, body=None, headers=None, what=""):
        nonlocal probes
        probes += 1
        call = getattr(client, method)
        kwargs = {**auth, **(headers or {})}
        if body is not None:
            response = call(path, json.dumps(body), content_type="application/json", **kwargs)
        elif method == "get":
            response = call(path, params or {}, **kwargs)
        else:
            response = call(path + "?" + "&".join(f"{k}={v}" for k, v in (params or {}).items()), **kwargs)
        status = str(response.status_code)
        if response.status_code >= 500 or status not in documented:
            failures.append(f"{method.upper()} {path} {what} -> {status} (documented: {sorted(documented)})")
        return response

    for template, operations in SCHEMA["paths"].items():
        for method, op in operations.items():
            documented = set(op["responses"])
            parameters = op.get("parameters", [])
            path_params = [p["name"] for p in parameters if p["in"] == "path"]
            path = template
            for name in path_params:
                path = path.replace("{" + name + "}", samples.get(name, "x"))
            # a NUL in each path parameter
            for name in path_params:
                broken = template
                for other in path_params:
                    value = samples.get(other, "x") + ("%00" if other == name else "")
                    broken = broken.replace("{" + other + "}", value)
                check(method, broken, documented, what=f"path {name}=NUL")
            body = None
            if "requestBody" in op:
                body_schema = _resolve(op["requestBody"]["content"]["application/json"]["schema"])
                properties = body_schema.get("properties", {})
                body = {}
                for name, prop in properties.items():
                    body[name] = TOO_EARLY if _is_date(prop) else "x"
                for name, prop in properties.items():
                    check(method, path, documented, body={**body, name: NUL}, what=f"body {name}=NUL")
                    if _is_date(prop):
                        for bad in (TOO_EARLY, TOO_LATE):
                            check(
                                method, path, documented, body={**body, name: bad}, what=f"body {name}={bad}"
                            )
            for p in parameters:
                if p["in"] == "query":
                    values = [NUL, "%00"]
                    if _is_date(p["schema"]):
                        values += [TOO_EARLY, TOO_LATE]
                    for value in values:
                        check(
                            method,
                            path,
                            documented,
                            params={p["name"]: value},
                            body=body,
                            what=f"?{p['name']}",
                        )
                if p["in"] == "header":
                    check(
                        method,
                        path,
                        documented,
                        headers={"HTTP_" + p["name"].upper().replace("-", "_"): "Zweck" + NUL * 10},
                        body=body,
                        what=f"header {p['name']}",
                    )
    assert not failures, "\n".join(failures)
    assert probes > 60


@pytest.mark.django_db
def test_a_nul_in_a_form_field_is_refused_naming_the_field_and_nothing_is_written(caseworker_client):
    from lotse.contacts.models import Contact

    before = Contact.objects.count()
    response = caseworker_client.post(
        "/contacts/record/P1/", {"date": "2026-11-20", "channel": "phone", "topic": "Rückruf\x00"}
    )
    assert response.status_code == 400
    assert "Die Eingabe „topic“ enthält ein Nullzeichen (NUL)" in response.content.decode()
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_an_over_long_topic_is_refused_with_the_limit_and_nothing_is_written(caseworker_client):
    from lotse.contacts.models import Contact

    before = Contact.objects.count()
    response = caseworker_client.post(
        "/contacts/record/P1/", {"date": "2026-11-20", "channel": "phone", "topic": "x" * 201}, follow=True
    )
    assert "Höchstens 200 Zeichen (201 eingegeben)" in response.content.decode()
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_dates_outside_the_range_are_refused_in_pages_forms_and_the_api(
    caseworker_client, integration_secret
):
    page = caseworker_client.get("/contacts/worklist/", {"as_of": "0001-01-01"})
    assert page.status_code == 400 and "zwischen 01.01.1900 und 31.12.2199" in page.content.decode()
    from lotse.contacts.models import Contact

    before = Contact.objects.count()
    caseworker_client.post("/contacts/record/P1/", {"date": "0001-01-01", "channel": "phone"})
    assert Contact.objects.count() == before
    api = caseworker_client.get(
        "/api/v1/clients/P1", {"as_of": "0001-01-01"}, HTTP_AUTHORIZATION=f"Bearer {integration_secret}"
    )
    assert api.status_code == 422
    assert api.json()["errors"][0]["parameter"] == "as_of"


@pytest.mark.django_db
def test_a_nul_in_an_api_query_is_a_400_problem_naming_the_parameter(client, integration_secret):
    response = client.get(
        "/api/v1/clients", {"q": "Mü\x00"}, HTTP_AUTHORIZATION=f"Bearer {integration_secret}"
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["errors"] == [{"parameter": "q", "detail": "contains a null character (NUL)"}]
