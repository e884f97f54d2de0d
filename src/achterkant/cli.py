"""The ``achterkant`` command.

It is Django's ``manage.py`` with Achterkant's settings, plus our own commands:
``demo`` (set up and run everything), ``serve``, ``worker``, ``seed`` and ``check``.
"""

import os
import sys

COMMAND_ALIASES = {"ingest-mail": "ingest_mail", "demo-code": "demo_code"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "achterkant.conf.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    # Django command modules cannot contain a hyphen; the documented names can.
    if len(argv) > 1 and argv[1] in COMMAND_ALIASES:
        argv[1] = COMMAND_ALIASES[argv[1]]
    # The web server keeps the generic plans of its prepared statements (conf/settings.py);
    # set before Django reads the settings, for the workers it forks.
    if argv[1:2] == ["serve"]:
        os.environ.setdefault("DB_PLAN_CACHE_MODE", "force_generic_plan")
    # Secure settings are the point of `check --deploy`: warnings fail it too.
    if argv[1:2] == ["check"] and "--deploy" in argv and "--fail-level" not in argv:
        argv += ["--fail-level", "WARNING"]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
