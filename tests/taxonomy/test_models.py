import pytest
from django.db import IntegrityError, transaction

from tests.factories import FrameworkFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["gcm", "G-CM", "GCM 2", ""])
def test_a_framework_code_is_capital_letters_and_digits(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkFactory(code=code)


def test_an_objective_number_is_unique_within_its_framework():
    objective = ObjectiveFactory(number=23)

    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveFactory(framework=objective.framework, number=23)
    assert ObjectiveFactory(framework=FrameworkFactory(code="SDG"), number=23).number == 23


def test_an_objective_is_referred_to_by_code_and_number():
    objective = ObjectiveFactory(number=15, title="Access to basic services")

    assert (str(objective), objective.reference) == (
        "GCM 15: Access to basic services",
        "GCM:15",
    )
