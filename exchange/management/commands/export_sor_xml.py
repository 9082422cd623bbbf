import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from lxml import etree

from exchange.exporter import iter_edi_csv, iter_sor_xml
from exchange.sorxml import schema_problems, secure_parser
from hierarchy.models import Municipality


def municipality_option(code):
    if not code:
        return None
    try:
        return Municipality.objects.get(code=code.zfill(4))
    except Municipality.DoesNotExist:
        raise CommandError(f"Ukendt kommunekode: {code}") from None


class Command(BaseCommand):
    help = (
        "Eksporterer hele registeret eller én kommune som SOR-XML (2012-skemaet). Skrives løbende, "
        "så hukommelsesforbruget er det samme for 100 og 100.000 enheder. En fil kontrolleres bagefter "
        "mod XSD'en (--no-validate springer over)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kommune", help="Kommunekode, fx 0201; uden: hele registeret")
        parser.add_argument("--output", help="Filnavn; uden: standard output")
        parser.add_argument("--edi", help="Skriv også EDI-filen (lokationsnummer → meddelelsestyper) hertil")
        parser.add_argument("--no-validate", action="store_true", help="Spring XSD-kontrollen af filen over")

    def handle(self, *args, **options):
        municipality = municipality_option(options["kommune"])
        warnings: list[str] = []
        output = options["output"]
        if output:
            with open(output, "wb") as fh:
                for chunk in iter_sor_xml(municipality=municipality, warnings=warnings):
                    fh.write(chunk)
        else:
            for chunk in iter_sor_xml(municipality=municipality, warnings=warnings):
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
        if options["edi"]:
            with open(options["edi"], "wb") as fh:
                for chunk in iter_edi_csv(municipality=municipality):
                    fh.write(chunk)
        for warning in warnings:
            self.stderr.write(f"Bemærk: {warning}")
        if output and not options["no_validate"]:
            problems = schema_problems(etree.parse(str(Path(output)), secure_parser()))
            if problems:
                for problem in problems:
                    self.stderr.write(f"  {problem}")
                raise CommandError(f"{output} overholder ikke SOR's XSD ({len(problems)} fejl, se ovenfor).")
            self.stderr.write(f"{output} er skrevet og overholder SOR's XSD.")
