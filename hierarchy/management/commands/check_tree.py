from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.context import audit_context
from hierarchy.integrity import (
    projection_problems,
    rebuild_projections,
    rebuild_search_keys,
    rebuild_tree,
    search_key_problems,
    tree_problems,
)
from sor_admin.text import count


class Command(BaseCommand):
    help = (
        "Checks that the MPTT tree fields agree with the parent links, that every unit's search "
        "keys agree with its values, and that today's tree (each unit's parent and attributes) "
        "shows the versions in force today; --rebuild recomputes all three. Tree fields and "
        "search keys are internals (no audit event); a unit projected again is audited as the "
        "nightly run's projection (hierarchy.unit.apply_due)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute the tree fields")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic(), audit_context(source="command:check_tree"):
                rebuild_tree()
                projected = rebuild_projections()
                fixed = rebuild_search_keys()
            self.stdout.write(
                f"Træet er genopbygget; {count(projected, 'enhed', 'enheder')} vist efter versionen, der "
                f"gælder i dag; søgenøgler rettet for {count(fixed, 'enhed eller version', 'enheder og versioner')}."
            )
        problems = tree_problems()
        if problems:
            raise CommandError(
                "Træet er inkonsistent:\n" + "\n".join(problems) + "\nKør check_tree --rebuild."
            )
        problems = search_key_problems()
        if problems:
            raise CommandError(
                "Søgenøglerne er inkonsistente:\n" + "\n".join(problems) + "\nKør check_tree --rebuild."
            )
        problems = projection_problems()
        if problems:
            raise CommandError(
                "Dagens træ afviger fra versionerne:\n" + "\n".join(problems) + "\nKør check_tree --rebuild."
            )
        self.stdout.write("Træet, søgenøglerne og dagens versioner er konsistente.")
