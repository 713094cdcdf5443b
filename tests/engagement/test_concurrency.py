"""Two submissions of one municipality at once, through real connections: one response."""

import pytest

from crossroads.engagement.models import Response
from crossroads.engagement.surveys import services
from tests.events.test_concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_submissions_make_one_response(world):
    invitation = world.invitations[0]

    def submit(n):
        response, _reading = services.save_answers(
            invitation=invitation,
            data={"q-main_constraint": ["housing"], "q-staff": [str(n)]},
            submit=True,
        )
        return response.pk

    pks = all_at_once(submit, list(range(8)))
    assert len(set(pks)) == 1
    assert Response.objects.filter(city=invitation.city).count() == 1
    assert Response.objects.get().answers.count() == 2
