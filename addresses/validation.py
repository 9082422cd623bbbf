"""Validate stored addresses against the national register later: an address typed while
Adressevælgeren was down (or while the offline provider was configured) has no DAR identities
("ikke valideret"). `revalidate` looks each one up again and, where DAR has exactly that address,
fills in its husnummer id and adresse id and marks it checked by the service. That is the only
change ever made to a stored address row (its value stays as it is), and each one is audited.

Run by `manage.py validate_addresses`; running it again changes nothing that was done."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from audit import services as audit

from .audit_actions import ADDRESS, VALIDATE
from .models import Address
from .providers import SOURCE_OFFLINE, get_provider


@dataclass
class RevalidationReport:
    checked: int = 0
    validated: int = 0
    not_found: int = 0
    duplicates: int = 0
    stopped: str = ""  # why the run stopped early (the service went down)
    lines: list[str] = field(default_factory=list)


def unvalidated():
    """Addresses with a husnummer and no DAR identity, oldest first."""
    return (
        Address.objects.filter(dar_id="", dar_house_number_id="")
        .exclude(house_number="")
        .select_related("postal_code")
        .order_by("pk")
    )


def _snapshot(address: Address) -> dict:
    return {
        "text": address.one_line(),
        "validation": address.validation,
        "dar_house_number_id": address.dar_house_number_id,
        "dar_id": address.dar_id,
    }


def revalidate(
    *, limit: int | None = None, dry_run: bool = False, progress: Callable[[str], None] = lambda _: None
) -> RevalidationReport:
    provider = get_provider()
    report = RevalidationReport()
    if provider.source == SOURCE_OFFLINE:
        report.stopped = (
            "Ingen adresseservice er sat op (SOR_ADDRESS_PROVIDER=offline); det lokale register har "
            "ingen DAR-id'er."
        )
        return report
    rows = unvalidated()
    if limit:
        rows = rows[:limit]
    for address in rows:
        report.checked += 1
        if report.checked % 100 == 0:
            progress(f"… {report.checked} adresser kontrolleret")
        result = provider.dar_match(
            address.postal_code_id, address.street_name, address.house_number, address.floor, address.door
        )
        if result.fallback:
            report.stopped = "Adresseservicen svarer ikke; kør kommandoen igen senere."
            break
        hit = result.first()
        text = address.one_line()
        if hit is None:
            report.not_found += 1
            report.lines.append(f"#{address.pk} {text}: ikke fundet i DAR")
            continue
        twin = (
            Address.objects.filter(
                **address.value_lookup(),
                municipality_code=address.municipality_code,
                validation=Address.Validation.PROVIDER,
                dar_id=hit.dar_id,
                dar_house_number_id=hit.dar_house_number_id,
            )
            .exclude(pk=address.pk)
            .first()
        )
        if twin is not None:
            report.duplicates += 1
            report.lines.append(f"#{address.pk} {text}: findes allerede valideret som #{twin.pk}; uændret")
            continue
        report.validated += 1
        report.lines.append(f"#{address.pk} {text}: valideret (husnummer {hit.dar_house_number_id})")
        if not dry_run:
            _store(address, hit)
    return report


@transaction.atomic
def _store(address: Address, hit) -> None:
    address = Address.objects.select_for_update().select_related("postal_code").get(pk=address.pk)
    before = _snapshot(address)
    address.dar_house_number_id = hit.dar_house_number_id
    address.dar_id = hit.dar_id
    address.validation = Address.Validation.PROVIDER
    address.save(update_fields=["dar_house_number_id", "dar_id", "validation"])
    audit.record(
        actor=None,
        actor_name="system:validate_addresses",
        action=VALIDATE,
        object_type=ADDRESS,
        object_id=str(address.pk),
        object_repr=before["text"][:200],
        before=before,
        after=_snapshot(address),
    )
