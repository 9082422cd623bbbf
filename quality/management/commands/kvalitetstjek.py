from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from hierarchy.models import Municipality
from quality.rules import PACKS
from quality.runs import run_checks

MSG_UNKNOWN_KOMMUNE = "Ukendt kommunekode: «{code}». Skriv den firecifrede kode, f.eks. 0201 for Allerød."


class Command(BaseCommand):
    help = (
        "Kvalitetstjek: runs every rule of every pack over the units in force today, in one "
        "kommune (--kommune KODE) or the whole register, stores the run with its findings and "
        "prints the number of findings per rule. Run nightly after apply_due_changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kommune", dest="kommune", help="kommunekode (4 cifre); standard: hele registeret"
        )

    def handle(self, *args, kommune=None, **options):
        municipality = None
        if kommune:
            municipality = Municipality.objects.filter(code=kommune.zfill(4)).first()
            if municipality is None:
                raise CommandError(MSG_UNKNOWN_KOMMUNE.format(code=kommune))
        with audit_context(source="command:kvalitetstjek"):
            run = run_checks(actor=None, municipality=municipality, source="command:kvalitetstjek")
        scope = municipality.name if municipality else "hele registeret"
        self.stdout.write(f"Kvalitetstjek af {scope} pr. {run.day:%d-%m-%Y}: {run.total} fund.")
        for pack in PACKS:
            self.stdout.write(f"{pack.title}:")
            for rule in pack.rules:
                self.stdout.write(f"  {rule.id}: {run.count_for(None, {rule.id})}  ({rule.title})")
