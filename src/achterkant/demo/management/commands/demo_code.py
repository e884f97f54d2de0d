import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from achterkant.staff.twofactor.services import current_code, totp_devices


class Command(BaseCommand):
    help = (
        "Toont de code van nu voor de tweede stap van het inloggen van een demo-medewerker "
        "(alleen in de demo: DEBUG of DEMO_MODE)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="gebruikersnaam, bijvoorbeeld agent")

    def handle(self, *args, **options) -> None:
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise CommandError("demo-code werkt alleen in de demo (DEBUG of DEMO_MODE).")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Geen medewerker met gebruikersnaam {options['username']!r}.")
        device = totp_devices(user).first()
        if device is None:
            raise CommandError(f"{user.username} heeft geen authenticator-app ingesteld.")
        left = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(current_code(device))
        self.stderr.write(f"(nog {left} seconden geldig; elke code werkt één keer)")
