from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from reorganisation.nightly import apply_all_due
from sor_admin import submissions
from sor_admin.dates import parse_date_or_none
from sor_admin.text import count

MSG_BAD_DATE = "Ugyldig dato: «{value}». Skriv datoen som dd-mm-åååå (f.eks. 01-01-2027) eller åååå-mm-dd."

# Exit codes: 0 everything due was applied; 1 something due could not be applied (named on
# stderr; everything else was applied, and the next run tries it again); 2 the arguments were
# refused (a bad date or one after today) and nothing was written.
EXIT_NOT_ALL_APPLIED = 1
EXIT_REFUSED = 2


def parse_day(value: str):
    day = parse_date_or_none(value)
    if day is None:
        raise CommandError(MSG_BAD_DATE.format(value=value), returncode=EXIT_REFUSED)
    return day


class Command(BaseCommand):
    help = (
        "Applies everything whose day has come: omstruktureringer (each whole or not at all, "
        "with its author's rights of the day), the units' versions that take effect today or "
        "earlier, and the closures of lokationsnumre whose last day has passed; last it deletes "
        "the used form keys older than a week. Run daily "
        "(docker-compose runs it at 00:05); safe to run twice or concurrently. Each thing is "
        "applied on its own: one that cannot be applied is reported and the rest is applied. "
        "--on DATE (not after today) applies what was due by then (catch-up after downtime). "
        "Exit code 0: all applied; 1: something could not be applied (see stderr); "
        "2: refused arguments, nothing written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", dest="on", help="dato (dd-mm-åååå eller åååå-mm-dd), højst i dag; standard: i dag"
        )

    def handle(self, *args, on=None, **options):
        day = parse_day(on) if on else None
        suffix = f" pr. {day:%d-%m-%Y}" if day else ""
        try:
            with audit_context(source="job:apply_due_changes"):
                night = apply_all_due(on=day)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=EXIT_REFUSED) from exc
        for package in night.packages:
            self.stdout.write(f"Omstrukturering gennemført: {package.name} ({package.case_number}).")
        self.stdout.write(f"Planlagte ændringer anvendt{suffix} på {count(night.units, 'enhed', 'enheder')}.")
        self.stdout.write(
            f"Lukkede lokationsnumre fjernet fra deres enheder{suffix}: {count(night.closures, 'lokationsnummer', 'lokationsnumre')}."
        )
        self.stdout.write(
            f"Brugte formularnøgler ældre end {submissions.KEEP.days} dage slettet: "
            f"{count(night.form_keys, 'nøgle', 'nøgler')}."
        )
        if night.failed:
            sections = [
                (title, problems)
                for title, problems in (
                    ("Omstrukturering kunne ikke gennemføres", night.package_problems),
                    ("Planlagte ændringer kunne ikke anvendes", night.unit_problems),
                    ("Lukning af lokationsnumre kunne ikke gennemføres", night.closure_problems),
                )
                if problems
            ]
            raise CommandError(
                "\n".join(f"{title}:\n" + "\n".join(problems) for title, problems in sections)
                + "\nAlt andet, der var trådt i kraft, er gennemført; det fejlede prøves igen ved næste kørsel.",
                returncode=EXIT_NOT_ALL_APPLIED,
            )
