"""The Omstruktureringer pages: upload → preview → store, the package page, withdrawal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reorganisation.models import Reorganisation
from tests import factories

from .conftest import plan_text


def upload(client, text):
    file = SimpleUploadedFile("plan.json", text.encode("utf-8"), content_type="application/json")
    return client.post(reverse("reorganisation:preview"), {"plan_file": file})


def test_sds_previews_stores_and_withdraws_a_plan(client, regions, sds_user):
    client.force_login(sds_user)
    page = client.get(reverse("reorganisation:list"))
    assert page.status_code == 200 and "Ingen omstruktureringer endnu." in page.content.decode()
    assert "Omstruktureringer</a>" in page.content.decode()  # the header link
    preview = upload(client, plan_text())
    html = preview.content.decode()
    assert preview.status_code == 200 and "Konsekvenser af Region Østdanmark" in html
    assert regions.gln.gln in html and "intet er gemt endnu" in html
    assert not Reorganisation.objects.exists()
    stored = client.post(reverse("reorganisation:store"), {"plan_text": plan_text()})
    package = Reorganisation.objects.get()
    assert stored.status_code == 302 and stored["Location"] == reverse(
        "reorganisation:detail", args=[package.pk]
    )
    detail = client.get(stored["Location"]).content.decode()
    assert "er gemt og gennemføres 01-01-2027" in detail and "Afventer" in detail
    refused = client.post(stored["Location"], {"reason": ""})
    assert refused.status_code == 422 and "Angiv en begrundelse." in refused.content.decode()
    done = client.post(stored["Location"], {"reason": "Udskudt"})
    assert done.status_code == 302
    assert "Tilbagetrukket" in client.get(stored["Location"]).content.decode()
    assert Reorganisation.objects.get().status == "withdrawn"


def test_a_plan_that_breaks_a_rule_is_shown_with_its_reasons(client, regions, sds_user):
    client.force_login(sds_user)
    broken = plan_text([{"op": "close", "unit": {"sor_id": regions.rigs.sor_id}}])
    response = upload(client, broken.replace("SDS-2026-RØ-01", "SDS-X"))
    html = response.content.decode()
    assert response.status_code == 422 and "Der er problemer" in html
    assert "Operation 10 (luk Rigshospitalet" in html and "Luk eller flyt dem først" in html
    assert upload(client, "{ikke json").status_code == 422
    assert not Reorganisation.objects.exists()


def test_a_create_with_a_wrongly_typed_field_is_refused_in_danish_not_a_server_error(
    client, regions, sds_user
):
    client.force_login(sds_user)
    create = {
        "op": "create",
        "kind": "SI",
        "name": "Ny forvaltning",
        "unit_type": factories.SUNDHEDSFORVALTNING,
        "parent": {"ref": "oestdanmark"},
    }
    for extra in ({"phone": 123}, {"postal_address": "Vej 1"}):
        response = upload(client, plan_text([{**create, **extra}]))
        assert response.status_code == 422 and "Operation 10 (opret" in response.content.decode()
    assert not Reorganisation.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "support"])
def test_only_administrators_reach_the_pages(client, support_user, who):
    if who == "support":
        client.force_login(support_user)
        assert client.get(reverse("reorganisation:list")).status_code == 403
    else:
        assert client.get(reverse("reorganisation:list")).status_code == 302


def test_municipal_admins_see_only_their_own_packages(client, regions, municipal_admin, sds_user):
    from reorganisation.plan import read_plan
    from reorganisation.services import reorganisation_store

    package = reorganisation_store(actor=sds_user, plan=read_plan(plan_text()))
    client.force_login(municipal_admin)
    assert "Region Østdanmark" not in client.get(reverse("reorganisation:list")).content.decode()
    assert client.get(reverse("reorganisation:detail", args=[package.pk])).status_code == 404
    response = upload(client, plan_text(case_number="K-1"))
    assert response.status_code == 422 and "Sundhedsdatastyrelsen" in response.content.decode()


def test_the_admin_only_shows_packages(client, regions, sds_user):
    from reorganisation.plan import read_plan
    from reorganisation.services import reorganisation_store

    package = reorganisation_store(actor=None, plan=read_plan(plan_text()))
    sds_user.is_superuser = True
    sds_user.save()
    client.force_login(sds_user)
    assert "Region Østdanmark" in client.get("/admin/reorganisation/reorganisation/").content.decode()
    assert client.get("/admin/reorganisation/reorganisation/add/").status_code == 403
    assert (
        client.post(f"/admin/reorganisation/reorganisation/{package.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Reorganisation.objects.filter(status="pending").count() == 1
