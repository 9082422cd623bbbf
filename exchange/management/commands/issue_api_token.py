from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from exchange.auth import token_issue
from hierarchy.models import Municipality
from sor_admin.text import is_ascii_digits


class Command(BaseCommand):
    help = (
        "Udsteder et systemtoken til læse-API'et og skriver det én gang; kun dets SHA-256 gemmes. "
        "Med --kommune ser tokenet kun de kommuners træer."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Systemets navn, fx 'FMK test'")
        parser.add_argument("--kommune", action="append", default=[], help="Kommunekode (kan gentages)")
        parser.add_argument("--reason", default="", help="Begrundelse i ændringsloggen")

    def handle(self, *args, **options):
        municipalities = []
        for code in options["kommune"]:
            known = is_ascii_digits(code) and len(code) <= 4
            municipality = Municipality.objects.filter(code=code.zfill(4)).first() if known else None
            if municipality is None:
                raise CommandError(f"Ukendt kommunekode: {code}")
            municipalities.append(municipality)
        try:
            with audit_context(source="command:issue_api_token"):
                token, raw = token_issue(
                    actor=None, name=options["name"], municipalities=municipalities, reason=options["reason"]
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        scope = ", ".join(m.name for m in municipalities) or "hele registeret"
        self.stderr.write(f"Token for {token.name} ({scope}). Det vises kun denne ene gang:")
        self.stdout.write(raw)
