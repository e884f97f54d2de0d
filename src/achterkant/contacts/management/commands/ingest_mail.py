"""``achterkant ingest_mail``: take in e-mail from .eml files, standard input or IMAP."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from achterkant.catalog.models import Product
from achterkant.contacts.mail_intake import (
    IngestReport,
    MailIntakeError,
    ingest_eml_files,
    ingest_imap,
    ingest_or_get,
)
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation


def _setting(name: str, default):
    return getattr(settings, f"MAIL_INTAKE_{name}", default)


class Command(BaseCommand):
    help = (
        "Neemt e-mail in als klantcontacten: uit .eml-bestanden ('-' leest één bericht van "
        "standaardinvoer) of, met --imap, de ongelezen berichten in de IMAP-mailbox."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="slug, bijv. voorbeeld")
        parser.add_argument("--imap", action="store_true", help="lees de IMAP-mailbox")
        parser.add_argument("--mailbox", help="IMAP-map (standaard MAIL_INTAKE_IMAP_MAILBOX)")
        parser.add_argument("--product", help="productcode waarvan de e-mailnorm geldt")
        parser.add_argument("files", nargs="*", help=".eml-bestanden, of '-' voor stdin")

    def handle(self, *args, organisation: str, imap: bool, files: list[str], **options):
        if not imap and not files:
            raise CommandError("Geef .eml-bestanden op, of --imap om de mailbox te lezen.")
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as error:
            raise CommandError(f"Onbekende organisatie: {organisation}") from error
        with use_organisation(org):
            product = None
            if options["product"]:
                product = Product.objects.filter(code=options["product"]).first()
                if product is None:
                    raise CommandError(f"Onbekend product: {options['product']}")
            report = IngestReport()
            paths = [path for path in files if path != "-"]
            if "-" in files:
                raw = sys.stdin.buffer.read()
                report.count(*ingest_or_get(raw, source="stdin", product=product))
            if paths:
                report.merge(ingest_eml_files(paths, product=product))
            if imap:
                report.merge(self._imap(options["mailbox"], product))
        for failure in report.failed:
            self.stderr.write(f"Niet gelezen: {failure}")
        self.stdout.write(f"{org.name}: {report.summary()}")
        if report.failed:
            raise CommandError("Niet alle bestanden konden worden gelezen.")

    def _imap(self, mailbox: str | None, product) -> IngestReport:
        host = _setting("IMAP_HOST", "")
        if not host:
            raise CommandError("Stel MAIL_INTAKE_IMAP_HOST in om de mailbox te lezen.")
        use_ssl = _setting("IMAP_SSL", True)
        try:
            return ingest_imap(
                host=host,
                port=int(_setting("IMAP_PORT", 993 if use_ssl else 143)),
                user=_setting("IMAP_USER", ""),
                password=_setting("IMAP_PASSWORD", ""),
                mailbox=mailbox or _setting("IMAP_MAILBOX", "INBOX"),
                use_ssl=use_ssl,
                timeout=_setting("IMAP_TIMEOUT", 60),
                product=product,
            )
        except MailIntakeError as error:
            raise CommandError(str(error)) from error
