"""The start of a process building documents for ``services.rebuild``. Kept apart from
the modules defining models: a new process imports this before Django is set up."""


def start_builder(databases: dict) -> None:
    """Set up Django on the rebuilding process's databases (a test's database, say,
    rather than the configured one)."""
    import django
    from django.conf import settings

    settings.DATABASES = databases
    django.setup()
