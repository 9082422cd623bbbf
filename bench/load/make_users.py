"""The simulated administrators of the load test: `load.admin.1` … `load.admin.N`, each a
municipal SOR administrator of one kommune (round robin over the 98 by kommune code, so the
first 98 each have a kommune of their own), all with the same password.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_load \\
        .venv/bin/python bench/load/make_users.py --users 100 [--password load]

Idempotent. The scopes are written through `services.administrator_scope_add` (audited, as SDS
would); the password is hashed once and the hash given to every user, which is what a hundred
separate hashes would cost a minute of CPU for and prove nothing more.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.dev")

PREFIX = "load.admin."


def make_users(count: int, password: str) -> list[tuple[str, str]]:
    """Ensures the users; returns (username, kommune) for each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from audit.context import audit_context
    from hierarchy import permissions, services
    from hierarchy.models import Unit
    from hierarchy.roles import ensure_groups

    kommuner = list(
        Unit.objects.filter(kind=Unit.Kind.INSTITUTION_OWNER, municipality__isnull=False).order_by(
            "municipality_id"
        )
    )
    if not kommuner:
        raise SystemExit("Registret har ingen kommuner: kør generate_register eller seed_demo først.")
    group = ensure_groups()[permissions.GROUP_MUNICIPAL_ADMIN]
    encoded = make_password(password)
    made = []
    with audit_context(source="command:bench.load.make_users"), transaction.atomic():
        for number in range(1, count + 1):
            kommune = kommuner[(number - 1) % len(kommuner)]
            user, _ = get_user_model().objects.get_or_create(username=f"{PREFIX}{number}")
            user.password = encoded
            user.save(update_fields=["password"])
            user.groups.add(group)
            services.administrator_scope_add(
                actor=None, user=user, institution_owner=kommune, reason="Belastningstest"
            )
            made.append((user.username, kommune.name))
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--password", default="load")
    args = parser.parse_args()
    import django

    django.setup()
    made = make_users(args.users, args.password)
    print(f"{len(made)} brugere klar: {made[0][0]} ({made[0][1]}) … {made[-1][0]} ({made[-1][1]})")


if __name__ == "__main__":
    main()
