"""Bundles: searchset and history, with absolute fullUrls and self/next links."""

from .resources import Json


def full_url(base: str, resource: Json) -> str:
    return f"{base}/{resource['resourceType']}/{resource['id']}"


def searchset(base: str, *, total: int, matches: list[Json], included: list[Json], links: dict) -> Json:
    entries = [{"fullUrl": full_url(base, r), "resource": r, "search": {"mode": "match"}} for r in matches]
    entries += [
        {"fullUrl": full_url(base, r), "resource": r, "search": {"mode": "include"}} for r in included
    ]
    bundle: Json = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
    }
    if entries:
        bundle["entry"] = entries
    return bundle


def history(base: str, *, entries: list[Json], links: dict, last_updated: str) -> Json:
    bundle: Json = {
        "resourceType": "Bundle",
        "type": "history",
        "meta": {"lastUpdated": last_updated},
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
    }
    if entries:
        bundle["entry"] = entries
    return bundle


def history_entry(base: str, resource: Json, *, created: bool, moment: str, seq: int) -> Json:
    path = f"{resource['resourceType']}/{resource['id']}"
    return {
        "fullUrl": f"{base}/{path}",
        "resource": resource,
        "request": {
            "method": "POST" if created else "PUT",
            "url": resource["resourceType"] if created else path,
        },
        "response": {
            "status": "201 Created" if created else "200 OK",
            "etag": f'W/"{seq}"',
            "lastModified": moment,
        },
    }
