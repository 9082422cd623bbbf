from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.verification import AnchorFileError, anchor_file, verify_and_record


class Command(BaseCommand):
    help = (
        "Verifies the audit trail's hash chain against the last verified head (kept in the "
        "database and in SOR_AUDIT_ANCHOR_FILE), names the first broken link or missing event "
        "and records the result for the audit review page. --since-checkpoint checks only what "
        "was appended after the last good check (for frequent runs; run it in full daily)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--since-checkpoint", action="store_true")

    def handle(self, *args: Any, since_checkpoint: bool = False, **options: Any) -> None:
        try:
            checkpoint = verify_and_record(since_checkpoint=since_checkpoint)
        except AnchorFileError as exc:
            raise CommandError(str(exc)) from exc
        if not checkpoint.ok:
            where = f" Sidst gyldige hændelse: {checkpoint.through_seq}." if checkpoint.through_seq else ""
            raise CommandError(
                f"Ændringsloggens kæde er brudt: {checkpoint.problem}{where} Undersøg hvem der har "
                "ændret tabellen, og gendan de manglende hændelser fra sikkerhedskopien (README: Audit anchor)."
            )
        if checkpoint.through_seq is None or checkpoint.through_occurred_at is None:
            self.stdout.write("Ændringsloggen er tom.")
        else:
            self.stdout.write(
                f"Kæden er verificeret til hændelse {checkpoint.through_seq}, "
                f"tidspunkt {checkpoint.through_occurred_at.isoformat()}. Ankeret er gemt i {anchor_file()}."
            )
