"""What the property-based tests (hypothesis) of the services share: how many examples,
what text a form lets through, and a transaction each example is rolled back in."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Bounded, with no deadline: the examples write to a real database.
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: What a text field can hold: any character a form lets through (no NUL, no surrogate).
CHARACTERS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")


def text(min_size: int, max_size: int):
    return st.text(CHARACTERS, min_size=min_size, max_size=max_size)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example's writes undone, so that the next starts from the test's world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
