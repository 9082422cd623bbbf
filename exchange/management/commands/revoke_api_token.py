from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from exchange.auth import token_name_problem, token_revoke
from exchange.models import SystemToken


class Command(BaseCommand):
    help = "Tilbagekalder et systemtoken (efter systemets navn)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--reason", default="")

    def handle(self, *args, **options):
        problem = token_name_problem(options["name"])
        if problem:
            raise CommandError(problem)
        token = SystemToken.objects.filter(name=options["name"], revoked_at__isnull=True).first()
        if token is None:
            raise CommandError(f"Intet aktivt token for {options['name']}.")
        with audit_context(source="command:revoke_api_token"):
            token_revoke(actor=None, token=token, reason=options["reason"])
        self.stdout.write(f"Tokenet for {token.name} er tilbagekaldt.")
