"""The text index table of the database in use (FTS5 on SQLite, tsvector on PostgreSQL)."""

from django.db import migrations


def create(apps, schema_editor):
    from crossroads.search.backends import backend_for

    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection.vendor).create(cursor)


def drop(apps, schema_editor):
    from crossroads.search.backends import backend_for

    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection.vendor).drop(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
