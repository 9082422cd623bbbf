from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hierarchy.models import Unit
from hierarchy.tree_integrity import tree_problems


class Command(BaseCommand):
    help = (
        "Checks that the MPTT tree fields agree with the parent links; --rebuild recomputes them "
        "from the parent links. Tree fields are internals, so no audit event is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute the tree fields")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                Unit.objects.rebuild()
        problems = tree_problems()
        if problems:
            raise CommandError(
                "Træet er inkonsistent:\n" + "\n".join(problems) + "\nKør check_tree --rebuild."
            )
        self.stdout.write("Træet er konsistent.")
