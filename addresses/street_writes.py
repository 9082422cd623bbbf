"""The writing half of a street import (addresses/importing.py reads and checks the file): the
streets, their postnummer links and the "complete" marks, in bulk, inside the import's
transaction. Called only by `importing.import_streets`."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils import timezone

from .text import search_key

if TYPE_CHECKING:
    from .importing import ImportReport, StreetRow


def _existing_street(existing_by_code: dict, existing_by_name: dict, key: tuple, row: StreetRow):
    """The stored street an imported row updates, if any: by vejkode, else (a hand-entered
    street, no vejkode) the first of that name without one, which gets the row's vejkode."""
    if not row.code:
        return _match_by_name(existing_by_name, row)
    street = existing_by_code.get(key)
    if street is None:
        same_name = existing_by_name.get((row.municipality_code, row.name), [])
        street = next((s for s in same_name if not s.code), None)
        if street is not None:
            same_name.remove(street)
    return street


def apply_streets(Street, StreetPostalCode, streets: dict, source: str, report: ImportReport) -> dict:
    kommuner = {key[0] for key in streets}
    existing_by_code = {}
    existing_by_name = defaultdict(list)
    for street in Street.objects.filter(municipality_code__in=kommuner).order_by("code"):
        if street.code:
            existing_by_code[(street.municipality_code, street.code)] = street
        existing_by_name[(street.municipality_code, street.name)].append(street)

    by_key = {}
    new, changed, renamed = [], [], []
    for key, row in streets.items():
        street = _existing_street(existing_by_code, existing_by_name, key, row)
        if street is None:
            street = Street(
                municipality_code=row.municipality_code,
                code=row.code,
                name=row.name,
                addressing_name=row.addressing_name,
                source=source,
            )
            new.append(street)
        else:
            wanted = {
                "code": row.code or street.code,
                "name": row.name,
                "addressing_name": row.addressing_name or street.addressing_name,
            }
            if any(getattr(street, k) != v for k, v in wanted.items()):
                if street.name != row.name:
                    renamed.append(street)
                for k, v in wanted.items():
                    setattr(street, k, v)
                street.source = source
                street.updated_at = timezone.now()
                changed.append(street)
            else:
                report.unchanged += 1
        by_key[key] = street
    Street.objects.bulk_create(new, batch_size=2000)
    Street.objects.bulk_update(
        changed, ["code", "name", "addressing_name", "source", "updated_at"], batch_size=2000
    )
    for street in renamed:
        StreetPostalCode.objects.filter(street_id=street.pk).update(name_search=search_key(street.name))
    report.added += len(new)
    report.updated += len(changed)
    if any(s.pk is None for s in new):
        # Backends that do not return ids from bulk inserts: read them back.
        _reload_ids(Street, by_key)
    return by_key


def _match_by_name(existing_by_name: dict, row: StreetRow):
    """The street a row without vejkode means: the one of that name in the kommune without a
    vejkode, else the only one of that name (a hand-entered street that an import has since
    given its vejkode)."""
    candidates = existing_by_name.get((row.municipality_code, row.name), [])
    without_code = [s for s in candidates if not s.code]
    if without_code:
        return without_code[0]
    return candidates[0] if len(candidates) == 1 else None


def _reload_ids(Street, by_key: dict) -> None:
    kommuner = {key[0] for key in by_key}
    ids = {}
    for pk, kommune, code, name in Street.objects.filter(municipality_code__in=kommuner).values_list(
        "pk", "municipality_code", "code", "name"
    ):
        ids[(kommune, code) if code else (kommune, "", name)] = pk
    for key, street in by_key.items():
        street.pk = street.id = ids[key]


def _in_chunks(values: list, size: int = 5000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def apply_links(StreetPostalCode, PostalCodeMunicipality, by_key: dict, wanted_links: dict, report) -> None:
    """Known postnumre become plain links (replacing any derived ones of the street); a street
    with none known, here or from earlier imports, is listed in the open postnumre of its kommune."""
    open_postal_codes = defaultdict(set)
    for nr, kommune in PostalCodeMunicipality.objects.filter(streets_complete=False).values_list(
        "postal_code_id", "municipality_code"
    ):
        open_postal_codes[kommune].add(nr)
    existing = defaultdict(dict)  # street id -> {postnummer: (link id, derived)}
    for ids in _in_chunks([s.pk for s in by_key.values()]):
        for pk, street_id, nr, derived in StreetPostalCode.objects.filter(street_id__in=ids).values_list(
            "pk", "street_id", "postal_code_id", "derived"
        ):
            existing[street_id][nr] = (pk, derived)

    new, now_known, stale = [], [], []
    for key, street in by_key.items():
        have = existing.get(street.pk, {})
        known = wanted_links.get(key, set())
        if known:
            for nr in sorted(known):
                if nr not in have:
                    new.append((street, nr, False))
                elif have[nr][1]:
                    now_known.append(have[nr][0])
            stale += [pk for nr, (pk, derived) in have.items() if derived and nr not in known]
        elif not any(not derived for _, derived in have.values()):
            new += [
                (street, nr, True)
                for nr in sorted(open_postal_codes[street.municipality_code])
                if nr not in have
            ]
    StreetPostalCode.objects.bulk_create(
        [
            StreetPostalCode(
                street_id=street.pk,
                postal_code_id=nr,
                name_search=search_key(street.name),
                derived=derived,
            )
            for street, nr, derived in new
        ],
        batch_size=5000,
    )
    for ids in _in_chunks(now_known):
        StreetPostalCode.objects.filter(pk__in=ids).update(derived=False)
    for ids in _in_chunks(stale):
        StreetPostalCode.objects.filter(pk__in=ids).delete()
    report.links_added += len(new) + len(now_known)
    report.links_removed += len(stale)


def mark_complete(
    PostalCode,
    PostalCodeMunicipality,
    StreetPostalCode,
    by_key: dict,
    wanted_links: dict,
    *,
    postal_code: str | None,
    kommuner: list[str],
    postal_codes_of: dict,
    note: str,
    report: ImportReport,
) -> None:
    keep = {(by_key[key].pk, nr) for key, nrs in wanted_links.items() for nr in nrs}
    if postal_code is not None:
        # The file is the full list for one postnummer, across all its kommuner.
        links = StreetPostalCode.objects.filter(postal_code_id=postal_code)
        parts = PostalCodeMunicipality.objects.filter(postal_code_id=postal_code)
        touched = {postal_code}
    else:
        # The file is the full list for each kommune in it, across all their postnumre.
        links = StreetPostalCode.objects.filter(street__municipality_code__in=kommuner)
        parts = PostalCodeMunicipality.objects.filter(municipality_code__in=kommuner)
        touched = set().union(*(postal_codes_of[k] for k in kommuner))
    stale = [
        pk
        for pk, street_id, nr in links.values_list("pk", "street_id", "postal_code_id")
        if (street_id, nr) not in keep
    ]
    for ids in _in_chunks(stale):
        StreetPostalCode.objects.filter(pk__in=ids).delete()
    report.links_removed += len(stale)
    parts.update(streets_complete=True, streets_complete_note=note)

    if postal_code is not None:
        PostalCode.objects.filter(nr=postal_code).update(streets_complete=True, streets_complete_note=note)
    incomplete = set(
        PostalCodeMunicipality.objects.filter(postal_code_id__in=touched, streets_complete=False).values_list(
            "postal_code_id", flat=True
        )
    )
    PostalCode.objects.filter(nr__in=touched - incomplete).exclude(streets_complete=True).update(
        streets_complete=True, streets_complete_note=note
    )
    report.completed_postal_codes = sorted(
        PostalCode.objects.filter(nr__in=touched, streets_complete=True).values_list("nr", flat=True)
    )
