"""A change to a model without its migration fails the build."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_migration_is_missing():
    output = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output)

    assert output.getvalue() == "No changes detected\n"
