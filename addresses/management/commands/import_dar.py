from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from addresses.audit_actions import DAR_IMPORT, STREET
from addresses.dar_import import import_dar
from addresses.importing import StreetFileError, shown
from addresses.management.street_output import (
    add_import_options,
    worth_recording,
    write_links_and_rejected,
)
from audit import services as audit
from audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Importerer vejlisten fra Datafordelerens DAR-fildownload (JSON eller ZIP med JSON): navngivne "
        "veje, deres vejstykker (kommune og vejkode), vej-postnummer-relationer og husnumre. Kun "
        "gældende versioner læses. Kan køres igen med samme fil uden at ændre noget. Med --complete "
        "erklæres udtrækket for den fulde vejliste for hver kommune i filen (et totaludtræk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="DAR-udtræk (.json eller .zip)")
        add_import_options(
            parser,
            complete_help="Udtrækket er den fulde vejliste for hver kommune i filen; vejnavne uden for listen afvises.",
        )

    def handle(self, *args, file, complete, reason, show_rejected, **options):
        self.stdout.write(f"Læser DAR-udtrækket {file} …")
        note = f"import_dar {file.rsplit('/', 1)[-1]} {timezone.localdate().isoformat()}"
        try:
            with audit_context(source="command:import_dar"), transaction.atomic():
                contents, report = import_dar(
                    file, complete=complete, complete_note=note, progress=self.stdout.write
                )
                if worth_recording(report, complete):
                    audit.record(
                        actor=None,
                        actor_name="system:import_dar",
                        action=DAR_IMPORT,
                        object_type=STREET,
                        object_id=file.rsplit("/", 1)[-1][:40],
                        object_repr=f"DAR-udtræk {file.rsplit('/', 1)[-1]}",
                        reason=reason,
                        before=None,
                        after={**report.as_dict(), "file": file, "complete": complete},
                    )
        except FileNotFoundError as exc:
            raise CommandError(f"Filen {shown(file)} findes ikke.") from exc
        except IsADirectoryError as exc:
            raise CommandError(
                f"{shown(file)} er en mappe. Angiv DAR-udtrækket (.json eller .zip) i den."
            ) from exc
        except PermissionError as exc:
            raise CommandError(f"Filen {shown(file)} må ikke læses. Giv kommandoen adgang til den.") from exc
        except (OSError, ValueError) as exc:
            # ValueError: a path with NUL; StreetFileError is one, with the Danish text.
            if isinstance(exc, StreetFileError):
                raise CommandError(str(exc)) from exc
            raise CommandError(f"Filen {shown(file)} kan ikke læses ({exc}).") from exc
        except ValidationError as exc:  # the --reason the audit trail refuses
            raise CommandError(" ".join(exc.messages)) from exc
        skipped = sum(contents.skipped.values())
        self.stdout.write(
            f"DAR-objekter læst: {sum(contents.read.values())} ({skipped} ikke gældende versioner sprunget over)."
        )
        if contents.unusable:
            fields = ", ".join(f"{name} ({count})" for name, count in sorted(contents.unusable.items()))
            self.stdout.write(
                self.style.WARNING(
                    f"Advarsel: {sum(contents.unusable.values())} DAR-objekter sprunget over, fordi et felt "
                    f"ikke er en tekst (fx et id, der er en liste): {fields}."
                )
            )
        self.stdout.write(
            f"Vejstykker: {report.added} tilføjet, {report.updated} ændret, {report.unchanged} uændret. "
            f"Afvist: {len(report.rejected)}."
        )
        write_links_and_rejected(self.stdout.write, report, show_rejected=show_rejected, line_numbers=False)
        self.stdout.write(self.style.SUCCESS("Import færdig."))
