from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from hierarchy import services
from reorganisation.plan import parse_day as plan_day
from reorganisation.services import apply_due_reorganisations

MSG_BAD_DATE = "Ugyldig dato: «{value}». Skriv datoen som dd-mm-åååå (f.eks. 01-01-2027) eller åååå-mm-dd."


def parse_day(value: str):
    day = plan_day(value)
    if day is None:
        raise CommandError(MSG_BAD_DATE.format(value=value))
    return day


class Command(BaseCommand):
    help = (
        "Brings today's tree up to date with the versions that take effect today or earlier. "
        "Run daily (docker-compose runs it at 00:05); safe to run twice or concurrently. "
        "--on DATE applies what is due on that date instead (catch-up after downtime, tests). "
        "Omstruktureringer due by then are applied first, each whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", dest="on", help="dato (dd-mm-åååå eller åååå-mm-dd); standard: i dag")

    def handle(self, *args, on=None, **options):
        day = parse_day(on) if on else None
        suffix = f" pr. {day:%d-%m-%Y}" if day else ""
        with audit_context(source="job:apply_due_changes"):
            packages, problems = apply_due_reorganisations(on=day)
            count = services.apply_due_changes(on=day)
        for package in packages:
            self.stdout.write(f"Omstrukturering gennemført: {package.name} ({package.case_number}).")
        self.stdout.write(f"Planlagte ændringer anvendt{suffix} på {count} enhed(er).")
        if problems:
            raise CommandError("Omstrukturering kunne ikke gennemføres:\n" + "\n".join(problems))
