"""The users bench/load.py lets loose (locust; not meant to be run alone). Each is one of the
demo users, logged in with the session bench/load.py made for them, and goes about the pages
bench/load.py found that user can see: NAVPARTNER_LOAD_PLAN names the JSON file.

The users are locust's FastHttpUser (geventhttpclient), not HttpUser (python-requests): the
load generator runs on the same two cores as the servers it measures, and FastHttpUser takes a
fraction of HttpUser's CPU per request, which otherwise went from the servers (the same client
for both runs).

`PageUser` clicks through the product (requests named by page type; a few writes: a comment
on a section under negotiation, marking the notifications read); `BareUser` asks the bench's
bare view as often, with the same sessions and the same pauses.
"""

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, task
from requests.cookies import create_cookie

PLAN = json.loads(Path(os.environ["NAVPARTNER_LOAD_PLAN"]).read_text())
# A person reads a page for a moment before the next click.
PAUSE = between(
    float(os.environ.get("NAVPARTNER_LOAD_PAUSE_MIN", "0.5")),
    float(os.environ.get("NAVPARTNER_LOAD_PAUSE_MAX", "1.5")),
)
_people = itertools.cycle(PLAN["people"])


class _Person(FastHttpUser):
    abstract = True
    wait_time = PAUSE

    def on_start(self):
        self.person = next(_people)
        for cookie in self.person["cookies"]:
            self.client.cookiejar.set_cookie(create_cookie(**cookie))
        self.csrf_token = next(
            c["value"] for c in self.person["cookies"] if c["name"] == "csrftoken"
        )

    def visit(self, kind: str, fallback: str = "home"):
        urls = self.person["pages"].get(kind) or self.person["pages"][fallback]
        self.client.get(
            random.choice(urls), name=kind if kind in self.person["pages"] else fallback
        )

    def post(self, url: str, name: str, data: dict, htmx: bool = False):
        headers = {"X-CSRFToken": self.csrf_token}
        if htmx:
            headers["HX-Request"] = "true"
        self.client.post(url, data=data, headers=headers, name=name)


class PageUser(_Person):
    @task(10)
    def home(self):
        self.visit("home")

    @task(3)
    def overview(self):
        self.visit("overview")

    @task(2)
    def agreement_status(self):
        self.visit("agreement_status")

    @task(6)
    def partnership(self):
        self.visit("partnership")

    @task(8)
    def agreement(self):
        self.visit("agreement")

    @task(8)
    def section(self):
        self.visit("section")

    @task(4)
    def forum(self):
        self.visit("forum")

    @task(5)
    def meeting(self):
        self.visit("meeting")

    @task(4)
    def driftsavtale(self):
        self.visit("driftsavtale")

    @task(3)
    def notifications(self):
        self.visit("notifications")

    @task(1)
    def comment(self):
        urls = self.person["pages"].get("comment")
        if not urls:
            return self.visit("section")
        body = f"Innspill fra lasttesten, {random.randrange(10**6)}."  # noqa: S311
        data = {"comment-body": body, "comment-visibility": "both", "comment-side": ""}
        return self.post(random.choice(urls), "comment (POST)", data, htmx=True)

    @task(1)
    def mark_all_read(self):
        self.post("/varsler/les-alle/", "mark all read (POST)", {})


class BareUser(_Person):
    @task
    def bare(self):
        self.client.get("/bench/bare/", name="bare view")
