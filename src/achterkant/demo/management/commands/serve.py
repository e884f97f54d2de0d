import os
import sys
import traceback

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from achterkant.conf import server


class Command(BaseCommand):
    help = (
        "Start de webserver (gunicorn) op HOST:PORT (standaard 127.0.0.1:8000), met"
        " WEB_CONCURRENCY processen. Stoppen: Ctrl-C of SIGTERM (netjes); herladen: SIGHUP."
    )

    def handle(self, *args, **options) -> None:
        # Without DEBUG, WhiteNoise serves the static files from STATIC_ROOT, compressed and
        # under hashed names: collect them before the first request. With DEBUG (the demo) it
        # reads them where they are, so a change shows without collecting.
        if not settings.DEBUG:
            _collect_static_in_child()
        bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
        # Workers fork from this process: nothing may hold a database connection here.
        from django.db import connections

        connections.close_all()
        sys.stdout.flush()
        server.run(bind)


def _collect_static_in_child() -> None:
    """``collectstatic`` in a forked child, so its memory never reaches the workers.

    Hashing and compressing every file left this process 40 MB larger, and each worker
    forks from it: that was a third of every worker's memory, kept for its whole life.
    """
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:  # the child: collect, then leave without running the parent's clean-up
        code = 0
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise CommandError("collectstatic is mislukt; de server start niet.")
