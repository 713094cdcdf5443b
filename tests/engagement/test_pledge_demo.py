"""The demo's pledges: sixty, across statuses and both forums, several joint, five
confirmed matches, the same on every load; their pages are light and bounded."""

from collections import Counter

import pytest

from crossroads.demo.services import load_demo
from crossroads.engagement.models import TRANSITIONS, Pledge, PledgeMatch, PledgeUpdate
from tests.test_page_weight import BUDGET, transferred_size


@pytest.mark.django_db
def test_demo_pledges_and_their_pages(client, django_assert_max_num_queries):
    load_demo()
    pledges = Pledge.objects.published()
    assert pledges.count() == 60
    assert set(Counter(pledges.values_list("progress", flat=True))) == {
        "planning",
        "in_progress",
        "fulfilled",
        "withdrawn",
    }
    assert set(pledges.values_list("forum__slug", flat=True)) == {"grf-2023", "gfmd-14-summit-2024"}
    joint = Counter(Pledge.pledgers.rel.related_model.objects.values_list("pledge_id", flat=True))
    assert sum(1 for n in joint.values() if n > 1) >= 5
    matches = PledgeMatch.objects.all()
    assert matches.count() == 5 and all(m.confirmed for m in matches)
    assert {(m.offer.pledge_type, m.need.pledge_type) for m in matches} == {("offer", "need")}
    for made in pledges:  # the updates follow the allowed transitions, in date order
        current = "planning"
        for progress in (
            made.updates.exclude(progress="").order_by("date").values_list("progress", flat=True)
        ):
            assert progress in TRANSITIONS[current], made.slug
            current = progress
        assert made.progress == current, made.slug
    assert PledgeUpdate.objects.exclude(evidence_resource=None).exists()

    kampala = pledges.filter(slug__startswith="kampala").first()
    for url in ("/pledges/", "/pledges/tracker/", kampala.get_absolute_url()):
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200
        assert transferred_size(client, url, {}) < BUDGET, url

    before = list(
        PledgeUpdate.objects.order_by("pk").values_list("pledge__slug", "date", "progress", "text")
    )
    load_demo()
    after = list(
        PledgeUpdate.objects.order_by("pk").values_list("pledge__slug", "date", "progress", "text")
    )
    assert after == before and Pledge.objects.count() == 60
