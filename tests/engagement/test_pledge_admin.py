"""Pledges in the admin: the pages open, and the update inline refuses a change of
progress the rules do not allow."""

import pytest

from crossroads.engagement.models import Pledge, PledgeUpdate
from crossroads.engagement.pledges.admin import UpdateFormSet
from tests.engagement.pledging import pledge

pytestmark = pytest.mark.django_db


def test_admin_pages_open(admin_client):
    made = pledge(title="Admin pledge")
    assert admin_client.get("/admin/engagement/pledge/").status_code == 200
    assert admin_client.get("/admin/engagement/pledge/add/").status_code == 200
    page = admin_client.get(f"/admin/engagement/pledge/{made.pk}/change/")
    assert page.status_code == 200
    assert b"Admin pledge" in page.content


def _formset(made, rows):
    from django.forms import inlineformset_factory

    formset_class = inlineformset_factory(
        Pledge, PledgeUpdate, formset=UpdateFormSet, fields=("date", "progress", "text"), extra=0
    )
    data = {"updates-TOTAL_FORMS": str(len(rows)), "updates-INITIAL_FORMS": "0"}
    for n, (progress, text) in enumerate(rows):
        data |= {
            f"updates-{n}-date": "2025-01-01",
            f"updates-{n}-progress": progress,
            f"updates-{n}-text": text,
        }
    return formset_class(data, instance=made, prefix="updates")


def test_the_update_inline_follows_the_transitions():
    made = pledge(progress="planning")
    assert _formset(made, [("in_progress", "a"), ("fulfilled", "b")]).is_valid()
    refused = _formset(made, [("fulfilled", "too soon")])
    assert not refused.is_valid()
    assert "cannot go from" in str(refused.errors)
    assert _formset(pledge(progress="withdrawn"), [("", "a note")]).is_valid()
