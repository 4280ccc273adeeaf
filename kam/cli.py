"""The ``kam`` command line: Django's management commands under one name.

``kam import accounts FILE`` runs the ``import`` command, ``kam demo-data`` the
``demo_data`` command; ``kam help`` lists them all.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a KAM command; hyphens in the command name may stand for underscores."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "kam"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
