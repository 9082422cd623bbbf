import sys

from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from exchange.importer import import_sor_xml
from exchange.sorxml import SorFileRejected


class Command(BaseCommand):
    help = (
        "Importerer en SOR-XML-fil (SorTree, 2012-skemaet) i registeret. Filen kontrolleres først "
        "(XSD, SOR-koder, lokationsnumre, enhedstyper, adresser, datoer) og afvises helt ved fejl; "
        "ellers skrives alt i én transaktion. Samme fil to gange ændrer intet anden gang."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="SOR-XML-filen")
        parser.add_argument(
            "--edi", help="EDI-fil (lokationsnummer → meddelelsestyper) som skrevet af export_sor_xml --edi"
        )
        parser.add_argument("--dry-run", action="store_true", help="Kontrollér kun filen; skriv intet.")
        parser.add_argument("--reason", default="", help="Begrundelse i ændringsloggen")

    def handle(self, *args, **options):
        def progress(stage, done, total):
            self.stderr.write(f"  {stage}: {done}/{total} enheder")

        try:
            with audit_context(source="command:import_sor_xml"):
                result = import_sor_xml(
                    options["file"],
                    edi_path=options["edi"],
                    progress=progress,
                    dry_run=options["dry_run"],
                    reason=options["reason"],
                )
        except SorFileRejected as exc:
            self.stderr.write(f"Filen er afvist; intet er skrevet ({len(exc.problems)} fejl):")
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError("SOR-XML-filen blev afvist.") from None
        except OSError as exc:
            raise CommandError(f"Kan ikke læse filen: {exc}") from None
        for warning in result.warnings:
            self.stderr.write(f"Bemærk: {warning}")
        if options["dry_run"]:
            self.stdout.write(f"Filen er gyldig: {result.units} enheder. Intet er skrevet (--dry-run).")
            return
        counts = result.counts()
        self.stdout.write(
            "Import gennemført: {units} enheder, {created} oprettet, {changed} ændret, {unchanged} uændret, "
            "{closed} lukket; lokationsnumre: {gln_created} oprettet, {gln_moved} flyttet, "
            "{gln_changed} ændret, {gln_closed} lukket; meddelelsestyper ændret på {edi_changed}.".format(
                **counts
            )
        )
        sys.stdout.flush()
