import sys

from django.core.management.base import BaseCommand

from exchange.exporter import iter_sor_entity_csv

from .export_sor_xml import municipality_option


class Command(BaseCommand):
    help = (
        "Eksporterer hele registeret eller én kommune som CSV i samme form som SOR's daglige "
        'SorEntity-fil (semikolon, UTF-8 med BOM, SOR-koder som ="…"). Skrives løbende.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--kommune", help="Kommunekode, fx 0201; uden: hele registeret")
        parser.add_argument("--output", help="Filnavn; uden: standard output")

    def handle(self, *args, **options):
        municipality = municipality_option(options["kommune"])
        if options["output"]:
            with open(options["output"], "wb") as fh:
                for chunk in iter_sor_entity_csv(municipality=municipality):
                    fh.write(chunk)
            self.stderr.write(f"{options['output']} er skrevet.")
        else:
            for chunk in iter_sor_entity_csv(municipality=municipality):
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
