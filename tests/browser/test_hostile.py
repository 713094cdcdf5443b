"""Stored and reflected XSS, in the real Chromium: payloads typed into the real forms
(registration, signing, survey answers) or written as editors write (titles and Markdown
bodies), then every page showing them opened with watchers: a dialog fails the test, as
does setting ``window.__pwned`` or any request to /pwned."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from crossroads.engagement.campaigns import services as campaigns
from crossroads.engagement.models import Signature
from crossroads.engagement.surveys import services as surveys
from crossroads.events import services as events
from crossroads.events.models import Registration
from crossroads.search.bitmaps import current_index
from tests.engagement.conftest import make_survey
from tests.factories import (
    CampaignFactory,
    CityFactory,
    CountryFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    StoryFactory,
)
from tests.security import payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Payloads that run at once if rendered as markup (no click or hover needed).
ACTIVE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="window.__pwned=1">',
    "<svg onload=alert(1)>",
    "<details open ontoggle=fetch('/pwned')>",
    "</script><svg/onload=fetch('/pwned')>",
    "'\"--></style></script><script>window.__pwned=1</script>",
    '"><script>window.__pwned=1</script>',
    "<iframe src=javascript:alert(1)></iframe>",
]
#: One name short enough for the forms (200 characters), active in any context.
NAME = "\"'><img src=x onerror=alert(1)><svg onload=fetch('/pwned')>{{7*7}}"
TRAP = """
Object.defineProperty(window, "__pwned", {
  configurable: false,
  get() { return undefined; },
  set(value) { document.documentElement.dataset.pwned = String(value); },
});
"""


class Watch:
    """What a page did that only a payload would do."""

    def __init__(self, page):
        self.page = page
        self.seen: list[str] = []
        page.add_init_script(TRAP)
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _dialog(self, dialog):
        self.seen.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _request(self, request):
        if "pwned" in urlsplit(request.url).path:
            self.seen.append(f"request: {request.url}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response.status < 500, (url, response.status)
        self.check()

    def check(self) -> None:
        """Nothing ran on the page now shown."""
        self.page.wait_for_load_state("load")
        trapped = self.page.evaluate(
            "[window.__pwned, document.documentElement.dataset.pwned, typeof window.__pwned]"
        )
        assert trapped == [None, None, "undefined"], (self.page.url, trapped)
        assert self.seen == [], (self.page.url, self.seen)


def signed_in(context, live_server, user) -> None:
    """The browser context carries ``user``'s session."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def markdown_with(texts: list[str]) -> str:
    links = "\n".join(f"* {text}" for text in payloads.XSS_URLS)
    return "\n\n".join(texts) + "\n\n" + links


def test_stored_payloads_never_run(live_server, browser, django_user_model, artifacts):
    cache.clear()
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country=kenya, region="east_africa")
    event = EventFactory(
        title=ACTIVE[1],
        slug="water-forum",
        summary=ACTIVE[3],
        body=markdown_with(ACTIVE),
        registration_mode="open",
    )
    story = StoryFactory(title=ACTIVE[2], slug="water-story", body=markdown_with(ACTIVE))
    CampaignFactory(title=ACTIVE[0], slug="solidarity")
    network = NetworkFactory(slug="hmln", name="Host Municipalities Network")
    MembershipFactory(network=network, city=kisumu, organisation=None, role="member")
    survey = make_survey(network, 2024)
    invitation = survey.invitations.create(city=kisumu, email="kisumu@example.org")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    current_index()
    mail.outbox.clear()

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    watch = Watch(page)

    # Through the real forms, typed as a visitor types.
    watch.visit(f"{live_server.url}/events/water-forum/register/")
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Email").fill("hodan@example.org")
    page.get_by_label("Organisation", exact=True).fill(ACTIVE[0])
    page.get_by_label("I accept the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your mail"
    registration = events.confirm_email(registration=Registration.objects.get())
    assert registration.name == NAME

    watch.visit(f"{live_server.url}/campaigns/solidarity/")
    page.get_by_label("City").select_option(label="Kisumu, Kenya")
    page.get_by_label("Your name").fill(NAME)
    page.get_by_label("Your title or office").fill(ACTIVE[2])
    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_label("I accept the privacy notice").check()
    page.get_by_role("button", name="Sign the campaign").click()
    signature = campaigns.confirm_email(signature=Signature.objects.get())
    assert signature.name == NAME

    answer = live_server.url + surveys.answer_url(invitation)
    watch.visit(answer)
    page.get_by_label("Housing").check()
    page.get_by_label("Question practice?").fill(NAME)
    page.get_by_label("Question comments?").fill("\n".join(ACTIVE))
    page.get_by_role("button", name=re.compile("Submit")).click()

    # Every page showing them, to a visitor and to the organisers.
    for path in (
        "/events/water-forum/",
        "/events/",
        "/news/water-story/",
        "/news/",
        "/campaigns/solidarity/",
        campaigns.manage_url(signature),
        events.manage_url(registration),
        surveys.answer_url(invitation),
        "/search/?q=water",
        "/",
    ):
        watch.visit(live_server.url + path)
    signed_in(context, live_server, admin)
    for path in (
        "/events/water-forum/registrations/",
        "/surveys/hmln/2024/results/",
        "/surveys/hmln/2024/report/",
        f"/admin/events/event/{event.pk}/change/",
        f"/admin/news/story/{story.pk}/change/",
        f"/admin/engagement/signature/{signature.pk}/change/",
        "/admin/engagement/signature/",
    ):
        watch.visit(live_server.url + path)
    page.screenshot(path=artifacts / "hostile-registrations.png", full_page=True)
    context.close()


@pytest.mark.parametrize("payload", payloads.XSS, ids=payloads.ids(payloads.XSS))
def test_search_text_never_runs(live_server, page, payload):
    watch = Watch(page)
    watch.visit(f"{live_server.url}/search/?{urlencode({'q': payload, 'kind': 'event'})}")
    with page.expect_navigation():
        page.get_by_role("searchbox").first.fill(payload)
        page.keyboard.press("Enter")
    watch.check()
