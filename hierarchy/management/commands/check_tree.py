from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hierarchy.integrity import rebuild_search_keys, rebuild_tree, search_key_problems, tree_problems


class Command(BaseCommand):
    help = (
        "Checks that the MPTT tree fields agree with the parent links and that every unit's search "
        "keys agree with its values; --rebuild recomputes both. They are internals (derived from "
        "audited data), so no audit event is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute the tree fields")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                rebuild_tree()
                fixed = rebuild_search_keys()
            self.stdout.write(f"Træet er genopbygget; søgenøgler rettet for {fixed} enhed(er)/version(er).")
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
        self.stdout.write("Træet og søgenøglerne er konsistente.")
