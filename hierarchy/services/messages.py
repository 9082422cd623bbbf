"""What the unit services say: the Danish texts of their refusals (those of the action rules
are in hierarchy/policy.py) and the two refusals a caller may answer (confirm, nothing to save)."""

from typing import Any

from django.core.exceptions import ValidationError

# The contact rules' texts, named services.MSG_* by forms and tests (re-exported).
from ..contact import MSG_EMAIL as MSG_EMAIL
from ..contact import MSG_PHONE_FORMAT as MSG_PHONE_FORMAT
from ..contact import MSG_PHONE_REQUIRED as MSG_PHONE_REQUIRED
from ..contact import MSG_WEBSITE as MSG_WEBSITE
from ..contact import MSG_WEBSITE_LENGTH as MSG_WEBSITE_LENGTH

MSG_NAME = "Angiv enhedens navn (1-60 tegn)."
MSG_UNIT_TYPE = "Vælg en enhedstype fra klassifikationen."
MSG_OWNER_TYPE = "Vælg ejertype: kommune, region, privat eller stat."
MSG_POSTAL_REQUIRED = "Postadresse er obligatorisk."
MSG_VISITING_REQUIRED = "Udfyld besøgsadressen, eller vælg Samme som postadresse."
MSG_ACTIVITY_REQUIRED = "Udfyld aktivitetsadressen, eller vælg Samme som besøgsadresse."
MSG_ACTIVITY_ONLY_OE = "Kun organisatoriske enheder har en aktivitetsadresse."
MSG_DATE_PAST = "Datoen må ikke ligge før dags dato ({today})."
MSG_BEFORE_START = "Enheden er først gældende fra {start}. Vælg en dato fra og med den dag."
MSG_REASON_REQUIRED = "Angiv en begrundelse."
MSG_STALE = (
    "Enheden er blevet ændret af en anden, siden du åbnede den. Dine ændringer er ikke gemt: "
    "se den nye udgave og prøv igen."
)
MSG_MOVE_DATE_MIN = "Dato for flytning skal tidligst være i morgen ({day})."
MSG_MOVE_SAME_PARENT = "Enheden ligger allerede under {parent} pr. {day}."
MSG_MOVE_SELF = "En enhed kan ikke flyttes ind under sig selv."
MSG_MOVE_DESCENDANT = "En enhed kan ikke flyttes ind under en af sine egne underenheder ({target})."
MSG_MOVE_OTHER_KOMMUNE = (
    "Flytning skal foretages inden for egen kommune. {target} hører ikke til din kommune."
)
MSG_CLOSE_DATE_MIN = "Dato for enhedens ophør skal tidligst være {day} (dags dato + 7 dage)."
MSG_CLOSE_OPEN_CHILDREN = (
    "Enheden kan ikke lukkes pr. {day}, fordi disse underenheder stadig er åbne efter datoen: "
    "{children}. Luk eller flyt dem først."
)
MSG_CLOSE_PENDING = (
    "Enheden har planlagte ændringer efter lukkedatoen (pr. {days}). Tilbagetræk dem, "
    "eller vælg en senere lukkedato."
)
MSG_IMPACT = (
    "Ændringen berører lokationsnumre og deres meddelelsestyper. Se konsekvenserne, og "
    "bekræft, at du vil fortsætte."
)
MSG_SOR_ID_TAKEN = "SOR-koden {value} er allerede i brug."
MSG_MUNICIPALITY_TAKEN = "Kommunen {name} har allerede en institutionsejer."
MSG_NO_CHANGES = "Ingen ændringer at gemme: de indtastede oplysninger er de samme som de gemte."


class ImpactConfirmationRequired(ValidationError):
    """Raised when a move or close affects lokationsnumre and the caller has not confirmed."""

    def __init__(self, impact: dict[str, Any]) -> None:
        super().__init__(MSG_IMPACT, code="impact")
        self.impact = impact


class NoChanges(ValidationError):
    """Raised when a save would change nothing: nothing is written (no version, no revision, no
    audit event). A ValidationError, so a caller that does not know it still answers in Danish;
    views and the admin show it as information rather than as an error."""

    def __init__(self) -> None:
        super().__init__(MSG_NO_CHANGES, code="no_changes")
