import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from achterkant.demo.seed import DEMO_PASSWORD, SHOWCASE_BSN, seed_demo
from achterkant.demo.sso import USERS as SSO_USERS
from achterkant.demo.sso import start_demo_provider
from achterkant.staff.twofactor.services import DEMO_TOTP_KEY_BASE32


class Command(BaseCommand):
    help = "Zet alles klaar en start de webserver en de worker samen (stoppen met Ctrl-C)."

    def handle(self, *args, **options) -> None:
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        call_command("migrate", interactive=False, verbosity=0)
        report = seed_demo(history_months=12)  # Inzicht shows a year

        self.stdout.write(self.style.SUCCESS(f"\nAchterkant draait op http://{host}:{port}/"))
        self.stdout.write(f"  Gemeente Proefdorp: http://proefdorp.localhost:{port}/")
        self.stdout.write(f"  Probeer BSN {SHOWCASE_BSN} (Sophie de Vries).\n")
        self.stdout.write("Demo-inloggegevens:")
        for organisation, username, password, role in report.logins:
            self.stdout.write(f"  {organisation:<20} {role:<22} {username:<24} {password}")
        self.stdout.write(
            "Tweede stap (tweestapsverificatie): de code van nu staat achter\n"
            "  achterkant demo-code <gebruikersnaam>\n"
            f"  of zet de demo-sleutel {DEMO_TOTP_KEY_BASE32} in een authenticator-app.\n"
        )
        # The demo API client (made by the seed): its client id, secret and a curl example.
        if settings.DEMO_MODE:
            call_command("zgw_demo_client", port=port, stdout=self.stdout)
        # Single sign-on for staff with a test OpenID Connect provider (dev dependencies only).
        provider = start_demo_provider(app_port=port, password=DEMO_PASSWORD)
        if provider is not None:
            self.stdout.write(f"Test-inlogdienst (OpenID Connect): {provider.issuer}")
            self.stdout.write(
                "  Knop 'Inloggen met de test-inlogdienst': "
                + ", ".join(username for username, _ in SSO_USERS)
                + f", wachtwoord {DEMO_PASSWORD}\n"
            )

        # A terminal's Ctrl-C reaches the whole process group; `kill` (SIGTERM) reaches only
        # us, so treat it the same way and stop both children.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        # Links in e-mails ("u heeft een nieuw bericht") point at this demo server.
        os.environ.setdefault("PUBLIC_URL_TEMPLATE", f"http://{{host}}:{port}")
        # The URLs in notifications (the demo serves http; docs/notifications.md).
        command = [sys.executable, "-m", "achterkant.cli"]
        processes = [
            subprocess.Popen([*command, "worker"]),  # noqa: S603 - our own fixed command
            # The production server (gunicorn), so the demo behaves like production.
            subprocess.Popen([*command, "serve"]),  # noqa: S603
        ]
        try:
            # If either stops, stop the other: a half-running demo only confuses.
            while all(p.poll() is None for p in processes):
                try:
                    processes[1].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                process.wait(timeout=10)
            if provider is not None:
                provider.stop()
            self.stdout.write("Achterkant gestopt.")
