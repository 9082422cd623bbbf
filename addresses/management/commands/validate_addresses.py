from django.core.management.base import BaseCommand

from addresses.validation import revalidate, unvalidated
from audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Slår adresser uden DAR-id ('ikke valideret', fx indtastet mens adresseservicen var nede) op "
        "i Adressevælgeren igen og gemmer husnummer- og adresse-id, hvor DAR har netop den adresse. "
        "Adressens værdi ændres ikke; hver validering logges i ændringsloggen. Kan køres igen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Højst så mange adresser denne gang.")
        parser.add_argument("--dry-run", action="store_true", help="Vis, hvad der ville ske, uden at gemme.")
        parser.add_argument("--verbose-list", action="store_true", help="Skriv en linje for hver adresse.")

    def handle(self, *args, limit, dry_run, verbose_list, **options):
        self.stdout.write(f"Adresser uden DAR-id: {unvalidated().count()}.")
        with audit_context(source="command:validate_addresses"):
            report = revalidate(limit=limit, dry_run=dry_run, progress=self.stdout.write)
        if verbose_list or dry_run:
            for line in report.lines:
                self.stdout.write(f"  {line}")
        verb = "ville blive valideret" if dry_run else "valideret"
        self.stdout.write(
            f"Kontrolleret: {report.checked}. {verb.capitalize()}: {report.validated}. "
            f"Ikke fundet i DAR: {report.not_found}. Allerede valideret i en anden række: {report.duplicates}."
        )
        if report.stopped:
            self.stdout.write(self.style.WARNING(report.stopped))
        else:
            self.stdout.write(self.style.SUCCESS("Færdig."))
