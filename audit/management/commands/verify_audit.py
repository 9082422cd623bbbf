from django.core.management.base import BaseCommand, CommandError

from audit.verification import verify_and_record


class Command(BaseCommand):
    help = (
        "Verifies the audit trail's hash chain, names the first broken link and records the "
        "result for the audit review page. --since-checkpoint checks only what was appended "
        "after the last good check (for frequent runs; run it in full daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since-checkpoint", action="store_true")

    def handle(self, *args, since_checkpoint=False, **options):
        checkpoint = verify_and_record(since_checkpoint=since_checkpoint)
        if not checkpoint.ok:
            where = f" Sidst gyldige hændelse: {checkpoint.through_seq}." if checkpoint.through_seq else ""
            raise CommandError(f"Ændringsloggens kæde er brudt: {checkpoint.problem}{where}")
        if checkpoint.through_seq is None:
            self.stdout.write("Ændringsloggen er tom.")
        else:
            self.stdout.write(
                f"Kæden er verificeret til hændelse {checkpoint.through_seq}, "
                f"tidspunkt {checkpoint.through_occurred_at.isoformat()}."
            )
