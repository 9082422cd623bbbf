from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from addresses.importing import StreetFileError, import_streets, read_street_file
from addresses.management.street_output import (
    add_import_options,
    worth_recording,
    write_links_and_rejected,
)
from addresses.models import Street
from audit import services as audit
from audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Importerer en vejliste (veje og deres postnumre) fra en CSV-fil: DAWA vejstykker "
        "(kommunekode,kode,navn,adresseringsnavn[,postnr]), CPR (kommunekode;vejkode;navn;"
        "adresseringsnavn;virkning) eller DAWA vejnavnpostnummerrelationer (vejnavn,postnr). "
        "Kan køres igen med samme fil uden at ændre noget. Med --complete erklæres filen for den "
        "fulde vejliste for postnummeret (--postnr) eller for hver kommune i filen; så afvises "
        "vejnavne, der ikke står på listen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil (UTF-8)")
        parser.add_argument(
            "--postnr", help="Postnummer for alle rækker (fx en DAWA-fil hentet med ?postnr=3450)."
        )
        add_import_options(
            parser,
            complete_help="Filen er den fulde vejliste for postnummeret (--postnr) eller for hver kommune i filen.",
        )

    def handle(self, *args, file, postnr, complete, reason, show_rejected, **options):
        if postnr is not None:
            postnr = postnr.strip().zfill(4)
        try:
            rows = read_street_file(file)
        except FileNotFoundError as exc:
            raise CommandError(f"Filen {file} findes ikke.") from exc
        except StreetFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Læser {file} (format: {rows.shape}) …")
        note = f"import_streets {rows.path.name} {timezone.localdate().isoformat()}"
        with audit_context(source="command:import_streets"), transaction.atomic():
            try:
                report = import_streets(
                    rows,
                    source=Street.Source.IMPORT,
                    postal_code=postnr,
                    complete=complete,
                    complete_note=note,
                    progress=self.stdout.write,
                )
            except StreetFileError as exc:
                raise CommandError(str(exc)) from exc
            if worth_recording(report, complete):
                audit.record(
                    actor=None,
                    actor_name="system:import_streets",
                    action="addresses.streets.import",
                    object_type="addresses.street",
                    object_id=rows.path.name[:40],
                    object_repr=f"Vejliste {rows.path.name}",
                    reason=reason,
                    before=None,
                    after={
                        **report.as_dict(),
                        "file": str(rows.path),
                        "postnr": postnr,
                        "complete": complete,
                    },
                )

        self.stdout.write(
            f"Rækker læst: {report.read}. Veje tilføjet: {report.added}, ændret: {report.updated}, "
            f"uændret: {report.unchanged}. Afvist: {len(report.rejected)}."
        )
        write_links_and_rejected(self.stdout.write, report, show_rejected=show_rejected, line_numbers=True)
        self.stdout.write(self.style.SUCCESS("Import færdig."))
