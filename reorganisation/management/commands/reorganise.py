from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from reorganisation.plan import MAX_PLAN_BYTES, decode_plan_file, read_plan, shown
from reorganisation.report import impact_lines
from reorganisation.services import reorganisation_preview, reorganisation_store
from sor_admin.text import text_problem

MSG_NO_FILE = "Planfilen {path} findes ikke eller kan ikke læses."
MSG_NO_USER = "Brugeren «{user}» findes ikke."


class Command(BaseCommand):
    help = (
        "Reads an omstrukturering plan (JSON, see README), checks it whole on its date, prints the "
        "impact and stores it as pending (applied by apply_due_changes on its date). --dry-run only "
        "prints. Exits non-zero, in Danish, when the plan breaks a rule; then nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_file")
        parser.add_argument("--dry-run", action="store_true", help="vis kun konsekvenserne, gem intet")
        parser.add_argument("--user", help="registrér som denne bruger (standard: systemet)")

    def handle(self, *args, plan_file, dry_run=False, user=None, **options):
        try:
            with Path(plan_file).open("rb") as file:
                data = file.read(MAX_PLAN_BYTES + 1)  # enough to tell that it is too big
        except OSError:
            raise CommandError(MSG_NO_FILE.format(path=plan_file)) from None
        actor = None
        if user:
            if text_problem(user):
                raise CommandError(MSG_NO_USER.format(user=shown(user)))
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(MSG_NO_USER.format(user=user))
        try:
            plan = read_plan(decode_plan_file(data))  # the upload's reader: size, UTF-8 (BOM too)
            with audit_context(source="command:reorganise"):
                if dry_run:
                    _, impact = reorganisation_preview(actor=actor, plan=plan)
                else:
                    package = reorganisation_store(actor=actor, plan=plan)
                    impact = package.impact
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(
                "Planen kan ikke gennemføres:\n" + "\n".join(f"- {m}" for m in messages)
            ) from None
        for line in impact_lines(plan, impact):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Prøvekørsel: intet er gemt.")
        else:
            self.stdout.write(
                f"Omstruktureringen er gemt og afventer {plan.effective_date:%d-%m-%Y} "
                "(gennemføres af apply_due_changes)."
            )
