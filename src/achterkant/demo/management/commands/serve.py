import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

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
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
        # Workers fork from this process: nothing may hold a database connection here.
        from django.db import connections

        connections.close_all()
        sys.stdout.flush()
        server.run(bind)
