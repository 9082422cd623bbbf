import multiprocessing
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from bench.stress import check_invariants, worker
from hierarchy import permissions, services
from hierarchy.models import Unit


class Command(BaseCommand):
    help = (
        "Stress run: PROCESSES workers make WRITES mixed writes in total (create, edit, move, close; "
        "colliding on the same kommuner) through the services, then checks the tree, the versions, "
        "the audit chain and that every write either committed with its audit event or was refused "
        "with a clear message. Needs seed_demo data; meant for PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=8)
        parser.add_argument("--writes", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, processes, writes, seed, **options):
        usernames = self._actors()
        per_worker = [writes // processes + (1 if i < writes % processes else 0) for i in range(processes)]
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            chunks = pool.starmap(worker, [(i, n, usernames, seed) for i, n in enumerate(per_worker)])
        elapsed = time.perf_counter() - started
        results = [r for chunk in chunks for r in chunk]
        tally = Counter((kind, outcome) for _, kind, outcome, _ in results)
        self.stdout.write(f"{len(results)} skrivninger på {elapsed:.1f} s med {processes} processer:")
        for (kind, outcome), count in sorted(tally.items()):
            self.stdout.write(f"  {kind:<11} {outcome:<8} {count}")
        reasons = Counter(message.split(".")[0] for _, _, outcome, message in results if outcome == "refused")
        for message, count in reasons.most_common(6):
            self.stdout.write(f"  afvist {count}×: {message[:100]}")
        problems = check_invariants(results)
        if problems:
            raise CommandError("Invarianter brudt:\n" + "\n".join(problems[:50]))
        self.stdout.write("Træ, versioner, ændringslog og udfald er konsistente.")

    def _actors(self) -> list[str]:
        names = ["admin.allerod", "admin.aarhus"]
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(
            username__in=names, groups__name=permissions.GROUP_MUNICIPAL_ADMIN
        )
        if users.count() != len(names) or not Unit.objects.filter(kind="OE").exists():
            raise CommandError("Kør seed_demo først: stresstesten skriver som admin.allerod og admin.aarhus.")
        services.apply_due_changes()
        return names
