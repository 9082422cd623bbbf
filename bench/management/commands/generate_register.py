import time

from django.core.management.base import BaseCommand, CommandError

from bench.generator import RegisterGenerator
from hierarchy.models import Unit


class Command(BaseCommand):
    help = (
        "Fills an EMPTY register with a synthetic national register for benchmarks and stress "
        "runs (bulk inserts; see bench/generator.py). Not for production data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same register)")

    def handle(self, *args, units, seed, **options):
        if Unit.objects.exists():
            raise CommandError("Registret er ikke tomt. generate_register fylder kun en tom database.")
        started = time.perf_counter()
        generator = RegisterGenerator(units, seed=seed, out=self.stdout)
        self.stdout.write(f"Beregner et register med ca. {units} enheder …")
        trees = generator.build()
        counts = generator.write(trees)
        self.stdout.write(
            f"Færdig på {time.perf_counter() - started:.1f} s: {counts['units']} enheder, "
            f"{counts['versions']} versioner, {counts['location_numbers']} lokationsnumre."
        )
