"""The search keys of a unit and of a version: the folded name and the free-text document that
the searches read (hierarchy/selectors/patterns.py). Kept by `Unit.save()` and
`UnitVersion.save()` as derived data, never as a rule."""

from addresses.models import Address


def fold_name(text: str) -> str:
    """A name as the name search compares it: lower-cased, æøå and other non-ASCII letters
    included (SQLite's lower() folds ASCII only, so the folding happens here, not in SQL)."""
    return (text or "").lower()


# Separates the values in `UnitSearch.text`; no value holds it (one-line form fields).
SEARCH_SEPARATOR = "\n"


def unit_values(name: str, sor_id: str | None, phone: str, email: str) -> list:
    """The values of a unit's search document, the same for today's unit (`UnitSearch`) and for
    each version (the API's searches on a date): a telephone number also with its spaces taken
    out, so "48123456" finds "48 12 34 56" (and `selectors.fritekst_q` runs a spaced search
    together)."""
    return [name, sor_id, phone, "".join((phone or "").split()), email]


def search_document(values, addresses) -> str:
    """The free-text search's document for a unit: its folded values, each between separators,
    so a pattern can be anchored to the start or end of one value (see selectors.text_q).
    `addresses` are Address objects (with their postal code) or None."""
    parts = list(values)
    for address in addresses:
        if address is not None:
            parts += [address.street_name, address.postal_code_id, address.postal_code.name]
    text = SEARCH_SEPARATOR.join(fold_name(part) for part in parts if part)
    return f"{SEARCH_SEPARATOR}{text}{SEARCH_SEPARATOR}"


def search_sources_touched(instance, update_fields) -> bool:
    """Whether a save with `update_fields` (None: every field) may change the instance's search
    keys, i.e. writes one of its model's SEARCH_SOURCES (field names)."""
    if update_fields is None:
        return True
    meta = type(instance)._meta
    sources = {n for name in instance.SEARCH_SOURCES for n in (name, meta.get_field(name).attname)}
    return bool(sources & set(update_fields))


def addresses_of(instance, field_names, addresses_by_pk: dict | None = None) -> list:
    """The Address (with its postal code) of each of `field_names` on `instance`, or None: from
    `addresses_by_pk`, else from relations already loaded, else from one query for the rest."""
    meta = type(instance)._meta
    fields = [meta.get_field(name) for name in field_names]
    found = dict(addresses_by_pk or {})
    postal_code = Address._meta.get_field("postal_code")
    for field in fields:
        if field.is_cached(instance):
            address = getattr(instance, field.name)
            if address is not None and postal_code.is_cached(address):
                found.setdefault(address.pk, address)
    ids = [getattr(instance, field.attname) for field in fields]
    missing = {pk for pk in ids if pk is not None and pk not in found}
    if missing:
        found.update(Address.objects.select_related("postal_code").in_bulk(missing))
    return [found.get(pk) if pk is not None else None for pk in ids]
