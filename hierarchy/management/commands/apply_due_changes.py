from django.core.management.base import BaseCommand

from audit.context import audit_context
from hierarchy import services


class Command(BaseCommand):
    help = (
        "Brings today's tree up to date with the versions that take effect today or earlier. "
        "Run daily (docker-compose runs it at 00:05); safe to run twice or concurrently."
    )

    def handle(self, *args, **options):
        with audit_context(source="job:apply_due_changes"):
            count = services.apply_due_changes()
        self.stdout.write(f"Planlagte ændringer anvendt på {count} enhed(er).")
