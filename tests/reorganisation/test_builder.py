"""Omstruktureringer step by step: the draft in the session, built one operation at a time,
previewed and stored through the plan file's path (reorganisation.builder)."""

import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from hierarchy.identifiers import make_sor_id
from hierarchy.models import Unit
from reorganisation import builder, views
from reorganisation.forms import MAX_PLAN_BYTES
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.services import reorganisation_apply, reorganisation_store, reorganisation_withdraw
from tests.factories import SUNDHEDSFORVALTNING, TANDPLEJEKLINIK

from .conftest import PLAN_FILE, REGION_TYPE

PLAN = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
HEADER = {
    "name": PLAN["name"],
    "case_number": PLAN["case_number"],
    "reason": PLAN["reason"],
    "effective_date": "01-01-2027",
}


def revision(client) -> int:
    """The draft's revision, as the builder's page shows it in every form."""
    return builder.revision(client.session)


def post(client, name, data=None, **kwargs):
    """A builder POST as the page sends it: with the revision of the draft it showed."""
    return client.post(
        reverse(f"reorganisation:{name}"), {"revision": revision(client), **(data or {})}, **kwargs
    )


def header(client, **changes):
    return post(client, "draft", {**HEADER, **changes})


def add(client, op, **fields):
    return post(client, "draft_add", {"op": op, **fields})


def draft(client):
    return builder.load(client.session)


def html(response):
    return response.content.decode()


def build_oestdanmark(client, regions):
    """The shipped Region Østdanmark plan, entered in the builder with SOR-koder."""
    hoved, sjael = regions.hovedstaden.sor_id, regions.sjaelland.sor_id
    steps = [
        header(client),
        add(client, "create", kind="IE", name="Region Østdanmark", unit_type=REGION_TYPE, copy_from=sjael),
        add(client, "move", children_of=hoved, children_kind="SI", to="ny-1"),
        add(client, "move", children_of=sjael, children_kind="SI", to="ny-1"),
        add(client, "move_scopes", from_ie=hoved, to_ie="ny-1"),
        add(client, "move_scopes", from_ie=sjael, to_ie="ny-1"),
        add(client, "close", unit=hoved, last_day="31-12-2026"),
        add(client, "close", unit=sjael),  # empty: the day before the date, as the file says
        add(client, "replace", unit=hoved, by="ny-1"),
        add(client, "replace", unit=sjael, by="ny-1"),
    ]
    for response in steps:
        assert response.status_code == 302, html(response)
    return steps


def upload(client, text):
    file = SimpleUploadedFile("plan.json", text.encode("utf-8"), content_type="application/json")
    return client.post(reverse("reorganisation:preview"), {"plan_file": file})


def test_built_step_by_step_it_previews_and_stores_the_same_package_as_the_plan_file(
    client, regions, sds_user
):
    client.force_login(sds_user)
    page = client.get(reverse("reorganisation:list"))
    assert reverse("reorganisation:draft") in html(page) and "Opret trin for trin" in html(page)
    assert client.get(reverse("reorganisation:draft")).status_code == 200
    build_oestdanmark(client, regions)
    page = client.get(reverse("reorganisation:draft"))
    text = html(page)
    assert "2. Operationer (9)" in text
    assert (
        f"Flyt alle SI under Region Hovedstaden ({regions.hovedstaden.sor_id}) til Region Østdanmark (ny-1, ny)"
        in text
    )
    assert f"Region Sjælland ({regions.sjaelland.sor_id}) erstattes af Region Østdanmark (ny-1, ny)" in text
    # the form for one operation, chosen on the page
    chosen = client.get(reverse("reorganisation:draft"), {"op": "rename"})
    assert chosen.status_code == 200 and 'name="unit"' in html(chosen) and "Nyt navn" in html(chosen)

    preview = post(client, "draft_preview")
    assert preview.status_code == 200, html(preview)
    assert "Konsekvenser af Region Østdanmark" in html(preview) and regions.gln.gln in html(preview)
    assert "Tilbage til kladden" in html(preview)
    assert not Reorganisation.objects.exists()  # nothing stored until "Gem"
    plan_text = preview.context["store_form"].initial["plan_text"]
    assert preview.context["store_form"].initial["draft_revision"] == revision(client)
    assert f'name="draft_revision" value="{revision(client)}"' in html(preview)
    stored = client.post(
        reverse("reorganisation:store"), {"plan_text": plan_text, "draft_revision": revision(client)}
    )
    assert stored.status_code == 302
    built = Reorganisation.objects.get()
    assert built.created_by == sds_user and built.status == "pending"
    assert draft(client) is None  # the draft became the package

    # the shipped plan file, uploaded and stored the same way, is the same package
    reorganisation_withdraw(actor=sds_user, package=built, reason="Sammenlignes med planfilen")
    assert upload(client, PLAN_FILE.read_text(encoding="utf-8")).status_code == 200
    assert (
        client.post(reverse("reorganisation:store"), {"plan_text": PLAN_FILE.read_text()}).status_code == 302
    )
    from_file = Reorganisation.objects.get(status="pending")
    same_refs = json.loads(json.dumps(from_file.operations).replace('"oestdanmark"', '"ny-1"'))
    assert built.operations == same_refs
    assert built.impact == from_file.impact
    for key in ("name", "case_number", "reason", "effective_date"):
        assert getattr(built, key) == getattr(from_file, key)


def test_a_bad_operation_is_refused_in_danish_and_nothing_is_stored(client, regions, sds_user):
    client.force_login(sds_user)
    events = AuditEvent.objects.count()
    # the header first: an operation without one is refused
    response = add(client, "rename", unit=regions.rigs.sor_id, name="Rigshospitalet Øst")
    assert response.status_code == 422 and "Udfyld først navn" in html(response)
    response = header(client, effective_date="31-02-2027", name="")
    assert response.status_code == 422
    assert "Datoen 31-02-2027 findes ikke" in html(response) and "Angiv omstruktureringens navn." in html(
        response
    )
    assert draft(client) is None
    assert header(client, case_number="x" * 41).status_code == 422
    assert header(client).status_code == 302
    refusals = [
        # the register: resolve's message on the draft's date
        (
            add(client, "move", units="999999", to=regions.herlev.sor_id),
            "ingen enhed matcher SOR-koden 999999",
        ),
        # the plan's rules (read_plan): a ref that no earlier operation creates
        (
            add(client, "replace", unit=regions.rigs.sor_id, by="ny-4"),
            "ref «ny-4» er ikke oprettet tidligere i planen",
        ),
        # the form: what the operation needs
        (add(client, "move", to=regions.herlev.sor_id), "Angiv enten de enheder, der flyttes"),
        (add(client, "create", kind="SI", unit_type=REGION_TYPE), "Angiv den nye enheds navn."),
        (add(client, "create", kind="XX", name="A", unit_type="1"), "Vælg IE, SI eller OE."),
        (add(client, "close", unit=""), "Angiv den enhed, der lukkes med SOR-kode"),
        (add(client, "slet", unit=regions.rigs.sor_id), "Vælg en af operationerne på listen."),
        (add(client, "close", unit="1" * 21), "SOR-koden må højst have 20 tegn (du skrev 21)."),
        # a control character never reaches the database (PostgreSQL refuses NUL)
        (add(client, "close", unit="12\x003"), "SOR-koden indeholder tegn, som ikke er tilladt"),
        (
            add(client, "move", units="12\x003", to="1"),
            "Listen af SOR-koder indeholder tegn, som ikke er tilladt",
        ),
    ]
    for response, message in refusals:
        assert response.status_code == 422 and message in html(response), message
        assert "Der er problemer" in html(response)
    assert client.get(reverse("reorganisation:draft"), {"op": "slet"}).status_code == 422
    assert draft(client)["operations"] == []
    # an operation of the right shape that breaks a rule on the date: refused by the preview
    assert add(client, "close", unit=regions.rigs.sor_id).status_code == 302
    preview = post(client, "draft_preview")
    assert preview.status_code == 422
    assert "Operation 1 (luk Rigshospitalet" in html(preview) and "Luk eller flyt dem først" in html(preview)
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events
    # and a store of a plan that is refused is refused whole
    plan_text = builder.plan_json(draft(client))
    refused = client.post(reverse("reorganisation:store"), {"plan_text": plan_text})
    assert refused.status_code == 422 and "Luk eller flyt dem først" in html(refused)
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events


def test_an_operation_is_removed(client, regions, sds_user):
    client.force_login(sds_user)
    header(client)
    add(client, "create", kind="IE", name="Region Østdanmark", unit_type=REGION_TYPE)
    add(client, "rename", unit=regions.herlev.sor_id, name="Herlev og Gentofte Hospital")
    add(client, "move", units=regions.herlev.sor_id, to="ny-1")
    assert len(draft(client)["operations"]) == 3

    def remove(index, shown=None):
        shown = revision(client) if shown is None else shown
        return client.post(reverse("reorganisation:draft_remove"), {"index": index, "revision": shown})

    # the unit a later operation moves into is not removed
    blocked = remove(1)
    assert blocked.status_code == 422 and "Operation 1 kan ikke fjernes" in html(blocked)
    assert "Operation 3 (flyt): ref «ny-1» er ikke oprettet tidligere i planen" in html(blocked)
    # the page was shown with another revision of the draft: nothing is removed
    stale = remove(2, revision(client) - 1)
    assert stale.status_code == 409 and "Kladden er ændret" in html(stale)
    assert remove(9).status_code == 422
    no_index = client.post(reverse("reorganisation:draft_remove"), {"revision": revision(client)})
    assert no_index.status_code == 422 and "hvilken operation der skal fjernes" in html(no_index)
    assert len(draft(client)["operations"]) == 3
    done = remove(2)
    assert done.status_code == 302
    assert [op["op"] for op in draft(client)["operations"]] == ["create", "move"]
    assert "Operation 2 er fjernet fra kladden." in html(client.get(done["Location"]))
    # the rest are numbered again, and the remaining draft is a plan
    read_plan(builder.plan_json(draft(client)))
    discarded = post(client, "draft_discard")
    assert discarded.status_code == 302 and draft(client) is None
    assert "Kladden er kasseret. Intet er gemt i registret." in html(client.get(discarded["Location"]))
    assert not Reorganisation.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "draft"),
        ("post", "draft"),
        ("post", "draft_add"),
        ("post", "draft_remove"),
        ("post", "draft_discard"),
        ("post", "draft_preview"),
        ("get", "draft_download"),
        ("post", "draft_load"),
    ],
)
def test_a_user_without_a_role_is_refused(client, support_user, method, name):
    client.force_login(support_user)
    response = getattr(client, method)(reverse(f"reorganisation:{name}"), HEADER if method == "post" else {})
    assert response.status_code == 403
    assert draft(client) is None and not Reorganisation.objects.exists()
    client.logout()
    assert getattr(client, method)(reverse(f"reorganisation:{name}")).status_code == 302  # to the login


def test_municipal_admins_build_inside_their_kommune_only(client, tree, municipal_admin, other_kommune):
    client.force_login(municipal_admin)
    assert (
        header(
            client, name="Tandplejen samles", case_number="ALL-2026-7", effective_date="01-06-2026"
        ).status_code
        == 302
    )
    add(client, "move", units=tree.blovstrod.sor_id, to=tree.pleje.sor_id)
    add(client, "rename", unit=tree.tand.sor_id, name="Allerød Tandpleje")
    preview = post(client, "draft_preview")
    assert preview.status_code == 200, html(preview)
    # a unit of another kommune: the services refuse it, as for the file
    add(client, "move", units=tree.si.sor_id, to=other_kommune.sor_id)
    refused = post(client, "draft_preview")
    assert refused.status_code == 422 and "Sundhedsdatastyrelsen" in html(refused)
    assert not Reorganisation.objects.exists()


def test_the_download_is_a_plan_file_the_upload_accepts(client, regions, sds_user):
    client.force_login(sds_user)
    header(client)
    only_header = client.get(reverse("reorganisation:draft_download"))
    assert only_header.status_code == 422 and "Planen har ingen operationer." in html(only_header)
    build_oestdanmark(client, regions)
    download = client.get(reverse("reorganisation:draft_download"))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/json")
    assert download["Content-Disposition"] == 'attachment; filename="omstrukturering-sds-2026-roe-01.json"'
    text = download.content.decode("utf-8")
    plan = json.loads(text)
    assert plan == {**HEADER, "operations": draft(client)["operations"]}
    assert read_plan(text).operations == plan["operations"]
    preview = upload(client, text)
    assert preview.status_code == 200 and "Konsekvenser af Region Østdanmark" in html(preview)
    # as the command reads it: stored from the file, the same case
    package = reorganisation_store(actor=sds_user, plan=read_plan(text))
    assert package.case_number == "SDS-2026-RØ-01" and len(package.operations) > len(plan["operations"])


def test_storing_without_a_plan_or_with_a_refused_one_is_a_danish_422(client, regions, sds_user):
    client.force_login(sds_user)
    missing = client.post(reverse("reorganisation:store"), {})
    assert missing.status_code == 422 and "Planen kom ikke med, så intet er gemt." in html(missing)
    reorganisation_store(actor=sds_user, plan=read_plan(PLAN_FILE.read_text()))
    taken = client.post(reverse("reorganisation:store"), {"plan_text": PLAN_FILE.read_text()})
    assert taken.status_code == 422 and "bruges allerede af omstruktureringen" in html(taken)
    assert Reorganisation.objects.count() == 1
    nul = upload(client, PLAN_FILE.read_text().replace(PLAN["case_number"], "X-\\u0000"))
    assert nul.status_code == 422 and "indeholder tegn, som ikke er tilladt" in html(nul)


# --- opret: the plan format's other fields ---------------------------------------------------

OWN_SOR_ID = make_sor_id(987654)
OE_FIELDS = {
    "kind": "OE",
    "name": "Hjertecentret Øst",
    "unit_type": TANDPLEJEKLINIK,
    "sor_id": OWN_SOR_ID,
    "phone": "35 45 00 00",
    "email": "hjerte.oest@regionh.dk",
    "website": "www.rigshospitalet.dk",
    "postal_address_postal_code": "3450",
    "postal_address_street_name": "Bjarkesvej",
    "postal_address_house_number": "2",
    "postal_address_floor": "1",
    "postal_address_door": "th",
}


def test_create_offers_the_plan_formats_fields_and_they_reach_the_new_unit(client, regions, sds_user):
    client.force_login(sds_user)
    header(client)
    form = client.get(reverse("reorganisation:draft"), {"op": "create"})
    text = html(form)
    for label in ("Egen SOR-kode", "Telefonnummer", "E-mail", "Hjemmeside", "Postnummer", "Vejnavn"):
        assert f">{label}</label>" in text, label
    for label in ("Husnummer", "Etage", "Dør", "Vejnavnet er stavet rigtigt"):
        assert label in text, label
    assert '<legend class="h5">Kontaktoplysninger</legend>' in text
    assert '<legend class="h5">Postadresse</legend>' in text
    assert add(client, "create", parent=regions.rigs.sor_id, **OE_FIELDS).status_code == 302
    # exactly the plan file's create (README), the empty fields left out
    assert draft(client)["operations"] == [
        {
            "op": "create",
            "ref": "ny-1",
            "kind": "OE",
            "name": "Hjertecentret Øst",
            "unit_type": TANDPLEJEKLINIK,
            "parent": {"sor_id": regions.rigs.sor_id},
            "sor_id": OWN_SOR_ID,
            "phone": "35 45 00 00",
            "email": "hjerte.oest@regionh.dk",
            "website": "www.rigshospitalet.dk",
            "postal_address": {
                "postal_code": "3450",
                "street_name": "Bjarkesvej",
                "house_number": "2",
                "floor": "1",
                "door": "th",
            },
        }
    ]
    line = html(client.get(reverse("reorganisation:draft")))
    assert f"SOR-kode {OWN_SOR_ID}" in line and "telefon 35 45 00 00" in line
    assert "postadresse Bjarkesvej 2, 1. th, 3450" in line
    # a copy with one field of its own: that field wins, the rest is copied
    assert (
        add(
            client,
            "create",
            kind="SI",
            name="Herlev Øst",
            unit_type=SUNDHEDSFORVALTNING,
            parent=regions.hovedstaden.sor_id,
            copy_from=regions.herlev.sor_id,
            email="herlev.oest@regionh.dk",
        ).status_code
        == 302
    )
    assert draft(client)["operations"][1]["email"] == "herlev.oest@regionh.dk"
    assert "phone" not in draft(client)["operations"][1]
    preview = post(client, "draft_preview")
    assert preview.status_code == 200, html(preview)
    stored = client.post(
        reverse("reorganisation:store"),
        {"plan_text": preview.context["store_form"].initial["plan_text"], "draft_revision": revision(client)},
    )
    assert stored.status_code == 302
    package = reorganisation_apply(package=Reorganisation.objects.get(), on=date(2027, 1, 1))
    assert package.status == "applied"
    unit = Unit.objects.get(sor_id=OWN_SOR_ID)
    assert unit.parent == regions.rigs and unit.kind == "OE"
    assert (unit.phone, unit.email, unit.website) == (
        "35 45 00 00",
        "hjerte.oest@regionh.dk",
        "https://www.rigshospitalet.dk",  # as the services normalise it
    )
    address = unit.postal_address
    assert (
        address.postal_code_id,
        address.street_name,
        address.house_number,
        address.floor,
        address.door,
    ) == (
        "3450",
        "Bjarkesvej",
        "2",
        "1",
        "th",
    )
    copy = Unit.objects.get(name="Herlev Øst")
    assert copy.email == "herlev.oest@regionh.dk" and copy.phone == regions.herlev.phone
    assert copy.postal_address == regions.herlev.postal_address


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sor_id": "12345"}, "En SOR-kode består kun af cifre (mindst 11)."),
        ({"sor_id": "TAKEN"}, "er allerede i brug"),
        ({"email": "ikke en adresse"}, "Angiv en gyldig e-mailadresse"),
        ({"phone": "12"}, "Telefonnummeret skal have 8-20 tegn"),
        ({"phone": ""}, "Telefonnummer er obligatorisk."),
        ({"postal_address_postal_code": "0001"}, "Postnummeret 0001 findes ikke."),
        ({"postal_address_house_number": ""}, "Angiv husnummer, når etage eller dør er udfyldt."),
        (
            {"postal_address_house_number": "", "postal_address_floor": "", "postal_address_door": ""},
            "Postadressen skal have et husnummer",
        ),
        ({"postal_address_street_name": "Opdigtet Vej"}, "«Opdigtet Vej» findes ikke i vejregisteret"),
        (
            {key: "" for key in OE_FIELDS if key.startswith("postal_address")},
            "Postadresse er obligatorisk",
        ),
    ],
)
def test_the_create_fields_are_checked_at_the_preview_by_the_same_rules_as_the_file(
    client, regions, sds_user, fields, message
):
    client.force_login(sds_user)
    header(client)
    fields = {**OE_FIELDS, **fields}
    if fields["sor_id"] == "TAKEN":
        fields["sor_id"] = regions.herlev.sor_id
    # the form only shapes the input: the operation is added, the services refuse it
    assert add(client, "create", parent=regions.rigs.sor_id, **fields).status_code == 302
    events = AuditEvent.objects.count()
    refused = post(client, "draft_preview")
    assert refused.status_code == 422 and message in html(refused), html(refused)
    assert "Operation 1 (opret Hjertecentret Øst)" in html(refused)
    # the same plan as a file: the same refusal
    from_file = upload(client, builder.plan_json(draft(client)))
    assert from_file.status_code == 422 and message in html(from_file)
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events


def test_a_street_the_register_does_not_know_is_confirmed_in_the_form(client, regions, sds_user):
    client.force_login(sds_user)
    header(client)
    fields = {**OE_FIELDS, "postal_address_street_name": "Opdigtet Vej"}
    add(client, "create", parent=regions.rigs.sor_id, **fields, postal_address_confirm_unknown_street="on")
    assert draft(client)["operations"][0]["postal_address"]["confirm_unknown_street"] is True
    assert post(client, "draft_preview").status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "1" * 21}, "Telefonnummeret må højst have 20 tegn (du skrev 21)."),
        ({"email": "a@b.dk\x00"}, "E-mailadressen indeholder tegn, som ikke er tilladt"),
        ({"sor_id": "1" * 21}, "SOR-koden må højst have 20 tegn (du skrev 21)."),
        ({"postal_address_street_name": "V" * 41}, "Vejnavnet må højst have"),
    ],
)
def test_the_create_form_bounds_its_fields(client, regions, sds_user, fields, message):
    client.force_login(sds_user)
    header(client)
    response = add(client, "create", parent=regions.rigs.sor_id, **{**OE_FIELDS, **fields})
    assert response.status_code == 422 and message in html(response)
    assert draft(client)["operations"] == []


# --- Indlæs planfil i kladden ----------------------------------------------------------------


def load_file(client, content: bytes | str, name="plan.json", **fields):
    if isinstance(content, str):
        content = content.encode("utf-8")
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return post(client, "draft_load", {"plan_file": file, **fields})


def test_a_plan_file_is_loaded_into_the_draft(client, regions, sds_user):
    client.force_login(sds_user)
    page = html(client.get(reverse("reorganisation:draft")))
    assert "Indlæs planfil i kladden" in page and 'name="replace"' not in page  # no draft to lose
    loaded = load_file(client, PLAN_FILE.read_text(encoding="utf-8"))
    assert loaded.status_code == 302
    assert draft(client) == {**PLAN, "revision": 1}
    shown = html(client.get(loaded["Location"]))
    assert "Planfilen er indlæst i kladden: Region Østdanmark med 9 operationer." in shown
    assert "2. Operationer (9)" in shown
    # the file's own refs name its units in the builder, too
    assert add(client, "rename", unit="oestdanmark", name="Region Øst").status_code == 302
    assert draft(client)["operations"][-1]["unit"] == {"ref": "oestdanmark"}
    # also in a move's list of units, one or several
    herlev, rigs = regions.herlev.sor_id, regions.rigs.sor_id
    assert add(client, "move", units=f"oestdanmark {herlev}", to=rigs).status_code == 302
    moved = [
        op
        for op in draft(client)["operations"]
        if op["op"] == "move" and "units" in op and isinstance(op["units"], list)
    ]
    assert moved and moved[-1]["units"][0] == {"ref": "oestdanmark"}
    post(client, "draft_remove", {"index": len(draft(client)["operations"])})
    assert post(client, "draft_preview").status_code == 200
    download = client.get(reverse("reorganisation:draft_download"))
    assert json.loads(download.content)["operations"][:9] == PLAN["operations"]
    # an ISO date is read as the upload reads it, and kept dd-mm-åååå; a header-only draft is
    # replaced without asking (it has no operations to lose)
    post(client, "draft_discard")
    header(client, name="Andet")
    assert load_file(client, json.dumps({**PLAN, "effective_date": "2027-01-01"})).status_code == 302
    assert draft(client)["effective_date"] == "01-01-2027" and draft(client)["name"] == PLAN["name"]


def test_a_draft_with_operations_is_replaced_only_when_the_user_ticks_it(client, regions, sds_user):
    client.force_login(sds_user)
    header(client, name="Min kladde", case_number="SAG-1")
    add(client, "rename", unit=regions.herlev.sor_id, name="Herlev og Gentofte Hospital")
    before = draft(client)
    page = html(client.get(reverse("reorganisation:draft")))
    assert "Erstat kladden og dens 1 operation med planfilen" in page
    unticked = load_file(client, PLAN_FILE.read_text(encoding="utf-8"))
    assert unticked.status_code == 422
    assert "Sæt kryds for at erstatte kladdens 1 operation med planfilens." in html(unticked)
    assert draft(client) == before
    # a bad file and no tick: both said at once
    both = load_file(client, "{")
    assert both.status_code == 422 and "Planen er ikke gyldig JSON" in html(both)
    assert "Sæt kryds for at erstatte" in html(both) and draft(client) == before
    ticked = load_file(client, PLAN_FILE.read_text(encoding="utf-8"), replace="on")
    assert ticked.status_code == 302
    assert draft(client)["name"] == PLAN["name"] and draft(client)["operations"] == PLAN["operations"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Vælg en planfil (JSON)."),
        ("ikke json", "Planen er ikke gyldig JSON"),
        ('["en liste"]', "Planen skal være et JSON-objekt"),
        (json.dumps({**PLAN, "operations": []}), "Planen har ingen operationer."),
        (json.dumps({**PLAN, "effective_date": "31-02-2027"}), "«31-02-2027» er ikke en dato"),
        (
            json.dumps({**PLAN, "operations": [{"op": "slet", "unit": {"sor_id": "1"}}]}),
            "Operation 1: ukendt operation «slet»",
        ),
        (
            json.dumps(
                {**PLAN, "operations": [{"op": "replace", "unit": {"sor_id": "1"}, "by": {"ref": "x"}}]}
            ),
            "ref «x» er ikke oprettet tidligere i planen",
        ),
        ("{}".encode("utf-16"), "Planfilen skal være tekst i UTF-8."),
        (b" " * (MAX_PLAN_BYTES + 1), "Planfilen er for stor (højst 2 MB)."),
    ],
)
def test_a_refused_plan_file_leaves_the_draft_as_it_was(client, regions, sds_user, content, message):
    client.force_login(sds_user)
    header(client)
    add(client, "rename", unit=regions.herlev.sor_id, name="Herlev og Gentofte Hospital")
    before, number = draft(client), revision(client)
    if content == b"":
        refused = post(client, "draft_load", {"replace": "on"})
    else:
        refused = load_file(client, content, replace="on")
    assert refused.status_code == 422 and message in html(refused), html(refused)
    assert "Der er problemer" in html(refused)
    assert draft(client) == before and revision(client) == number


# --- two tabs, one draft: the revision -------------------------------------------------------

STALE_POSTS = [
    ("draft", lambda regions: HEADER),
    ("draft_add", lambda regions: {"op": "close", "unit": regions.herlev.sor_id}),
    ("draft_remove", lambda regions: {"index": 1}),
    ("draft_discard", lambda regions: {}),
    ("draft_preview", lambda regions: {}),
    ("draft_load", lambda regions: {"replace": "on"}),
]


@pytest.mark.parametrize(("name", "data"), STALE_POSTS, ids=[name for name, _ in STALE_POSTS])
def test_a_change_to_a_draft_the_page_did_not_show_is_refused_with_409(client, regions, sds_user, name, data):
    client.force_login(sds_user)
    header(client)
    add(client, "rename", unit=regions.herlev.sor_id, name="Herlev og Gentofte Hospital")
    shown = revision(client)  # the page in tab 1
    # tab 2 adds an operation
    assert add(client, "rename", unit=regions.rigs.sor_id, name="Rigshospitalet Øst").status_code == 302
    assert revision(client) == shown + 1
    before = draft(client)
    fields = data(regions)
    if name == "draft_load":
        fields["plan_file"] = SimpleUploadedFile("plan.json", PLAN_FILE.read_bytes())
    refused = client.post(reverse(f"reorganisation:{name}"), {**fields, "revision": shown})
    assert refused.status_code == 409, html(refused)
    assert builder.MSG_DRAFT_CHANGED in html(refused)
    # the page shows the draft as it is now, with its revision in every form
    assert "2. Operationer (2)" in html(refused) and "Rigshospitalet Øst" in html(refused)
    assert f'name="revision" value="{shown + 1}"' in html(refused)
    assert draft(client) == before and revision(client) == shown + 1
    assert not Reorganisation.objects.exists()
    # without the revision at all: refused too (422), nothing changed
    missing = client.post(reverse(f"reorganisation:{name}"), fields)
    assert missing.status_code == 422 and builder.MSG_REVISION_MISSING in html(missing)
    assert draft(client) == before and revision(client) == shown + 1
    # with the page's revision it goes through
    if name == "draft_load":
        fields["plan_file"] = SimpleUploadedFile("plan.json", PLAN_FILE.read_bytes())
    done = client.post(reverse(f"reorganisation:{name}"), {**fields, "revision": shown + 1})
    assert done.status_code in (200, 302), html(done)


def test_a_refused_change_is_shown_again_as_typed(client, regions, sds_user):
    client.force_login(sds_user)
    header(client)
    shown = revision(client)
    add(client, "rename", unit=regions.herlev.sor_id, name="Herlev og Gentofte Hospital")
    typed = {"op": "rename", "unit": regions.rigs.sor_id, "name": "Rigshospitalet Øst", "revision": shown}
    refused = client.post(reverse("reorganisation:draft_add"), typed)
    assert refused.status_code == 409
    assert 'value="Rigshospitalet Øst"' in html(refused) and "Ny operation: Omdøb" in html(refused)
    assert len(draft(client)["operations"]) == 1
    renamed = client.post(reverse("reorganisation:draft"), {**HEADER, "name": "Nyt navn", "revision": shown})
    assert renamed.status_code == 409 and 'value="Nyt navn"' in html(renamed)
    assert draft(client)["name"] == HEADER["name"]


def test_every_change_raises_the_revision_and_a_discarded_draft_keeps_its_number(client, regions, sds_user):
    client.force_login(sds_user)
    assert revision(client) == 0
    page = html(client.get(reverse("reorganisation:draft")))
    assert 'name="revision" value="0"' in page
    header(client)
    add(client, "close", unit=regions.herlev.sor_id)
    add(client, "close", unit=regions.suh.sor_id)
    client.post(reverse("reorganisation:draft_remove"), {"index": 2, "revision": revision(client)})
    assert revision(client) == 4
    assert "revision" not in json.loads(builder.plan_json(draft(client)))  # never in the plan file
    old_page = revision(client)
    post(client, "draft_discard")
    assert draft(client) is None and revision(client) == 5
    # a new draft goes on from there: a page of the discarded draft cannot act on it
    header(client)
    add(client, "close", unit=regions.herlev.sor_id)
    assert revision(client) == 7
    for number in (old_page, 0):
        stale = client.post(reverse("reorganisation:draft_remove"), {"index": 1, "revision": number})
        assert stale.status_code == 409
    assert len(draft(client)["operations"]) == 1


def test_storing_discards_the_draft_only_when_it_is_the_previewed_one(client, regions, sds_user):
    client.force_login(sds_user)
    header(client)
    add(client, "close", unit=regions.herlev.sor_id)
    preview = post(client, "draft_preview")
    assert preview.status_code == 200
    store = {
        "plan_text": preview.context["store_form"].initial["plan_text"],
        "draft_revision": revision(client),
    }
    # tab 2 adds an operation after the preview: the previewed plan is stored, the draft kept
    add(client, "rename", unit=regions.suh.sor_id, name="SUH")
    stored = client.post(reverse("reorganisation:store"), store)
    assert stored.status_code == 302
    assert len(Reorganisation.objects.get().operations) == 1  # what was previewed
    assert len(draft(client)["operations"]) == 2
    assert views.MSG_DRAFT_KEPT in html(client.get(stored["Location"]))
    # a plan file with the draft's case number, stored from the upload: the draft is kept too
    Reorganisation.objects.all().delete()
    assert upload(client, builder.plan_json(draft(client))).status_code == 200
    assert (
        client.post(
            reverse("reorganisation:store"), {"plan_text": builder.plan_json(draft(client))}
        ).status_code
        == 302
    )
    assert len(draft(client)["operations"]) == 2


def test_the_page_has_no_id_twice(client, regions, sds_user):
    """The header and an operation form both have a Navn: each label names its own field."""
    client.force_login(sds_user)
    header(client)
    add(client, "close", unit=regions.herlev.sor_id)
    for op in ("create", "rename", "move"):
        text = html(client.get(reverse("reorganisation:draft"), {"op": op}))
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        assert 'for="id_operation_name"' in text or op == "move"
