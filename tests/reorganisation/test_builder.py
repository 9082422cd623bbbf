"""Omstruktureringer step by step: the draft in the session, built one operation at a time,
previewed and stored through the plan file's path (reorganisation.builder)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from reorganisation import builder
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.services import reorganisation_store, reorganisation_withdraw

from .conftest import PLAN_FILE, REGION_TYPE

PLAN = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
HEADER = {
    "name": PLAN["name"],
    "case_number": PLAN["case_number"],
    "reason": PLAN["reason"],
    "effective_date": "01-01-2027",
}


def header(client, **changes):
    return client.post(reverse("reorganisation:draft"), {**HEADER, **changes})


def add(client, op, **fields):
    return client.post(reverse("reorganisation:draft_add"), {"op": op, **fields})


def draft(client):
    return client.session.get(builder.SESSION_KEY)


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

    preview = client.post(reverse("reorganisation:draft_preview"))
    assert preview.status_code == 200, html(preview)
    assert "Konsekvenser af Region Østdanmark" in html(preview) and regions.gln.gln in html(preview)
    assert "Tilbage til kladden" in html(preview)
    assert not Reorganisation.objects.exists()  # nothing stored until "Gem"
    plan_text = preview.context["store_form"].initial["plan_text"]
    stored = client.post(reverse("reorganisation:store"), {"plan_text": plan_text})
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
    preview = client.post(reverse("reorganisation:draft_preview"))
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

    def remove(index, shown):
        return client.post(reverse("reorganisation:draft_remove"), {"index": index, "shown": shown})

    # the unit a later operation moves into is not removed
    blocked = remove(1, 3)
    assert blocked.status_code == 422 and "Operation 1 kan ikke fjernes" in html(blocked)
    assert "Operation 3 (flyt): ref «ny-1» er ikke oprettet tidligere i planen" in html(blocked)
    # the page was shown with another number of operations: nothing is removed
    stale = remove(2, 4)
    assert stale.status_code == 422 and "Kladden er ændret" in html(stale)
    assert remove(9, 3).status_code == 422
    assert len(draft(client)["operations"]) == 3
    done = remove(2, 3)
    assert done.status_code == 302
    assert [op["op"] for op in draft(client)["operations"]] == ["create", "move"]
    assert "Operation 2 er fjernet fra kladden." in html(client.get(done["Location"]))
    # the rest are numbered again, and the remaining draft is a plan
    read_plan(builder.plan_json(draft(client)))
    discarded = client.post(reverse("reorganisation:draft_discard"))
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
    preview = client.post(reverse("reorganisation:draft_preview"))
    assert preview.status_code == 200, html(preview)
    # a unit of another kommune: the services refuse it, as for the file
    add(client, "move", units=tree.si.sor_id, to=other_kommune.sor_id)
    refused = client.post(reverse("reorganisation:draft_preview"))
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
