from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from exchange import location_numbers
from hierarchy import services
from hierarchy.models import LocationNumber, Unit
from sor_admin.dates import argument_date


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for messages in exc.message_dict.values() for m in messages)
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = (
        "Lokationsnumre og EDI: vis, opret, flyt, luk, meddelelsestyper, anvend-lukninger. Med "
        "--bruger handler kommandoen som den bruger (og dennes rettigheder gælder: SDS opretter, "
        "flytter og lukker, MedCom og SDS sætter meddelelsestyper); uden som systemet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bruger", help="Brugernavn, der handler (standard: systemet)")
        parser.add_argument("--reason", default="", help="Begrundelse i ændringsloggen")
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("vis", help="Vis et lokationsnummer")
        show.add_argument("gln")
        create = sub.add_parser("opret", help="Opret et lokationsnummer på en enhed")
        create.add_argument("gln")
        create.add_argument("sor_kode")
        create.add_argument("--typer", nargs="*", default=[], help="Meddelelsestyper, fx XDIS19 DIS91")
        move = sub.add_parser("flyt", help="Flyt et lokationsnummer til en anden enhed")
        move.add_argument("gln")
        move.add_argument("sor_kode")
        close = sub.add_parser("luk", help="Luk et lokationsnummer (sidste gyldige dag, standard i dag)")
        close.add_argument("gln")
        close.add_argument("--dato", type=argument_date, help="dd-mm-åååå eller åååå-mm-dd")
        types = sub.add_parser("meddelelsestyper", help="Sæt meddelelsestyperne (hele listen)")
        types.add_argument("gln")
        types.add_argument("typer", nargs="*")
        sub.add_parser(
            "anvend-lukninger", help="Fjern lokationsnumre, hvis sidste gyldige dag er passeret (dagligt job)"
        )

    def handle(self, *args, **options):
        actor = None
        if options["bruger"]:
            actor = get_user_model().objects.filter(username=options["bruger"]).first()
            if actor is None:
                raise CommandError(f"Ukendt bruger: {options['bruger']}")
        action = options["action"]
        try:
            with audit_context(source="command:lokationsnummer"):
                getattr(self, "do_" + action.replace("-", "_"))(actor, options)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None

    def _number(self, gln) -> LocationNumber:
        number = LocationNumber.objects.select_related("unit").filter(gln=gln).first()
        if number is None:
            raise CommandError(f"Ukendt lokationsnummer: {gln}")
        return number

    def _unit(self, sor_id) -> Unit:
        unit = Unit.objects.filter(sor_id=sor_id).first()
        if unit is None:
            raise CommandError(f"Ukendt SOR-kode: {sor_id}")
        return unit

    def do_vis(self, actor, options):
        number = self._number(options["gln"])
        types = ", ".join(str(t) for t in number.message_types.all()) or "ingen"
        closure = location_numbers.pending_closure(number.gln)
        self.stdout.write(f"{number.gln} på {number.unit}")
        self.stdout.write(f"  meddelelsestyper: {types}")
        if closure:
            self.stdout.write(f"  lukket, sidste gyldige dag {closure.closing_date:%d-%m-%Y}")

    def do_opret(self, actor, options):
        number = location_numbers.location_number_create(
            actor=actor,
            unit=self._unit(options["sor_kode"]),
            gln=options["gln"],
            message_types=services.message_types_by_code(*options["typer"]),
            reason=options["reason"],
        )
        self.stdout.write(f"{number.gln} er oprettet på {number.unit}.")

    def do_flyt(self, actor, options):
        number = location_numbers.location_number_move(
            actor=actor,
            location_number=self._number(options["gln"]),
            new_unit=self._unit(options["sor_kode"]),
            reason=options["reason"],
        )
        self.stdout.write(f"{number.gln} ligger nu på {number.unit}.")

    def do_luk(self, actor, options):
        closure = location_numbers.location_number_close(
            actor=actor,
            location_number=self._number(options["gln"]),
            closing_date=options["dato"],
            reason=options["reason"],
        )
        done = "og er fjernet" if closure.applied_at else "og fjernes dagen efter"
        self.stdout.write(f"{closure.gln} er lukket pr. {closure.closing_date:%d-%m-%Y} {done}.")

    def do_meddelelsestyper(self, actor, options):
        number = location_numbers.location_number_set_message_types(
            actor=actor,
            location_number=self._number(options["gln"]),
            message_types=services.message_types_by_code(*options["typer"]),
            reason=options["reason"],
        )
        types = ", ".join(str(t) for t in number.message_types.all()) or "ingen"
        self.stdout.write(f"{number.gln}: {types}")

    def do_anvend_lukninger(self, actor, options):
        count = location_numbers.location_number_apply_closures()
        self.stdout.write(f"{count} lukkede lokationsnumre fjernet.")
