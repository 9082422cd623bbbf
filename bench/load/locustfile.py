"""Simulated municipal SOR administrators for locust (issue 27; bench/load/README.md).

Each simulated user logs in with a password as its own `load.admin.<n>` (bench/load/make_users.py;
n counts up from 1 as users start, so at most as many users as were made) and then, with 3-10 s
of think time, does what an administrator does on the main screen, with the requests a browser
with htmx sends: expands "Mine enheder" level by level, opens units' details, searches (Fritekst,
Navn with `*`, SOR-kode; with and without "Kun mine enheder"), now and then reloads the page, and
occasionally edits one of its own kommune's OEs (Rediger OE: the form, then a new telephone
number from a day in the future, as a new version).

Every request is named `<phase>:<page>`. The phase is `wave` until every user has logged in (the
log-in wave: a password login costs a deliberate hash), then `steady`; the run stops by itself
`LOAD_STEADY_SECONDS` (default 180) after the steady phase began. bench/load/report.py reads
locust's CSV and prints the two phases apart.

Only this file's own imports: it runs in locust's environment (bench/requirements-load.txt),
not Django's.
"""

import os
import random
import time
from datetime import date, timedelta

import gevent
from locust import HttpUser, between, events, task
from pages import Page, parse  # bench/load/pages.py: locust puts this folder on sys.path

PASSWORD = os.environ.get("LOAD_PASSWORD", "load")
STEADY_SECONDS = float(os.environ.get("LOAD_STEADY_SECONDS", "180"))
USER_PREFIX = "load.admin."
SEARCH_WORDS = [
    "Plejecenter",
    "Hjemmeplejen",
    "Sygeplejen",
    "Tandplejen",
    "Sundhedsplejen",
    "Genoptræning",
    "Bostedet",
    "Aktivitetscenter",
    "Skovly",
    "Engbo",
    "Solgården",
    "Birkely",
    "Lindehuset",
    "Nørremark",
]

_state = {"next_user": 0, "logged_in": 0, "steady_since": None}


def phase() -> str:
    return "wave" if _state["steady_since"] is None else "steady"


def _logged_in(environment) -> None:
    _state["logged_in"] += 1
    target = environment.parsed_options.num_users if environment.parsed_options else None
    if _state["steady_since"] is None and target and _state["logged_in"] >= target:
        _state["steady_since"] = time.time()
        print(
            f"load: alle {target} brugere er logget ind kl. {time.strftime('%H:%M:%S')}; "
            f"steady-fasen måles i {STEADY_SECONDS:.0f} s"
        )
        gevent.spawn_later(STEADY_SECONDS, environment.runner.quit)


def htmx(target: str) -> dict:
    return {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": "http://127.0.0.1/?mine=1"}


class MunicipalAdministrator(HttpUser):
    wait_time = between(3, 10)

    def on_start(self):
        _state["next_user"] += 1
        self.username = f"{USER_PREFIX}{_state['next_user']}"
        self.expandable, self.units, self.editable = [], [], set()
        self.client.get("/login/", name="wave:login form")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/login/",
            data={"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD, "next": "/"},
            allow_redirects=False,
            name="wave:login",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(f"{self.username} blev ikke logget ind ({response.status_code})")
                _logged_in(self.environment)  # counted, so the steady phase still begins
                self.stop()
                return
        self.main_page(name="mine enheder (efter login)")
        _logged_in(self.environment)

    def _remember(self, html: str) -> Page:
        links = parse(html)
        for sor_id in links.expand:
            if sor_id not in self.expandable:
                self.expandable.append(sor_id)
        for sor_id in links.units:
            if sor_id not in self.units:
                self.units.append(sor_id)
        return links

    def _get(self, url, page, target=None):
        with self.client.get(
            url, name=f"{phase()}:{page}", headers=htmx(target) if target else {}, catch_response=True
        ) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"{response.status_code} {response.url}")
                return None
            return response.text

    def main_page(self, name="mine enheder"):
        html = self._get("/?mine=1", name)
        if html:
            self._remember(html)

    @task(10)
    def expand_tree(self):
        if not self.expandable:
            return self.main_page()
        sor_id = random.choice(self.expandable[:200])
        html = self._get(f"/trae/{sor_id}/?mine=1", "træ (udvid)", target=f"tree-{sor_id}")
        if html:
            self._remember(html)

    @task(10)
    def details(self):
        if not self.units:
            return self.main_page()
        sor_id = random.choice(self.units[-300:])
        html = self._get(f"/enhed/{sor_id}/?mine=1", "detaljer", target="details")
        if html and parse(html).edit_link:
            self.editable.add(sor_id)

    @task(8)
    def search(self):
        mine = random.random() < 0.5
        kind = random.random()
        word = random.choice(SEARCH_WORDS)
        params = {"enhed": "", "fritekst": "", "navn": "", "sor_kode": ""}
        if kind < 0.45:
            params["fritekst"], page = word, "søg fritekst"
        elif kind < 0.8 or not self.units:
            params["navn"], page = f"{word}*", "søg navn*"
        else:
            params["sor_kode"], page = random.choice(self.units), "søg SOR-kode"
        if mine:
            params["mine"] = "on"
        html = self._get(
            "/?" + "&".join(f"{k}={v}" for k, v in params.items()), page, target="navigator-results"
        )
        if html:
            self._remember(html)

    @task(1)
    def reload(self):
        self.main_page()

    @task(1)
    def edit(self):
        """Rediger OE of one of its own kommune's OEs: open the form, think, save a new
        telephone number from a day in the coming year."""
        if not self.editable:
            return self.details()
        sor_id = random.choice(sorted(self.editable))
        url = f"/enhed/{sor_id}/rediger/?mine=1"
        html = self._get(url, "rediger (formular)", target="details")
        if not html:
            return
        fields = parse(html).fields
        if "expected_revision" not in fields:
            return  # not an edit form (the unit's tab was closed meanwhile)
        gevent.sleep(random.uniform(3, 10))  # filling in the form
        fields.update(
            phone=f"{random.randint(20, 99)} {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}",
            effective_date=(date.today() + timedelta(days=random.randint(2, 365))).strftime("%d-%m-%Y"),
            reason="Belastningstest: nyt telefonnummer",
        )
        fields["csrfmiddlewaretoken"] = self.client.cookies.get(
            "csrftoken", fields.get("csrfmiddlewaretoken")
        )
        with self.client.post(
            url,
            data=fields,
            headers=htmx("details"),
            name=f"{phase()}:rediger (gem)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "HX-Redirect" not in response.headers:
                response.failure(f"{response.status_code}: ikke gemt")


@events.init_command_line_parser.add_listener
def _options(parser):
    parser.add_argument("--load-steady-seconds", type=float, default=None, help="(or LOAD_STEADY_SECONDS)")


@events.test_start.add_listener
def _start(environment, **_kwargs):
    global STEADY_SECONDS
    if environment.parsed_options and environment.parsed_options.load_steady_seconds:
        STEADY_SECONDS = environment.parsed_options.load_steady_seconds
    _state.update(next_user=0, logged_in=0, steady_since=None)
