"""The `crossroads` command: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    from django.core.management import execute_from_command_line

    from crossroads.audit.context import acting, command_label
    from crossroads.config import ConfigError

    try:
        with acting(label=command_label(sys.argv)):
            execute_from_command_line(sys.argv)
    except ConfigError as error:
        sys.exit(f"crossroads: {error}")


if __name__ == "__main__":
    main()
