import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start alleen de webserver op HOST:PORT (standaard 127.0.0.1:8000)."

    def handle(self, *args, **options) -> None:
        address = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
        call_command("runserver", address, use_reloader=False)
