"""Issue 23 item 5 on the Omstruktureringer pages: "Ny overliggende enhed" as in Flyt OE, "1
operation" / "9 operationer" instead of "operation(er)", and no "README" or `manage.py`."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reorganisation import builder

from .conftest import PLAN_FILE


def html(response) -> str:
    return response.content.decode()


def post(client, name, data=None, **kwargs):
    return client.post(
        reverse(f"reorganisation:{name}"),
        {"revision": builder.revision(client.session), **(data or {})},
        **kwargs,
    )


def load_file(client, **fields):
    file = SimpleUploadedFile("plan.json", PLAN_FILE.read_bytes(), content_type="application/json")
    return post(client, "draft_load", {"plan_file": file, **fields})


@pytest.fixture
def sds_client(client, sds_user):
    client.force_login(sds_user)
    return client


HEADER = {"name": "Min kladde", "case_number": "SAG-1", "reason": "x", "effective_date": "01-01-2027"}


def test_the_builder_names_the_new_parent_as_flyt_oe_does(sds_client, regions):
    post(sds_client, "draft", HEADER)
    move = html(sds_client.get(reverse("reorganisation:draft"), {"op": "move"}))
    assert ">Ny overliggende enhed" in move
    create = html(sds_client.get(reverse("reorganisation:draft"), {"op": "create"}))
    assert ">Overliggende enhed" in create
    for page in (move, create):
        assert "overordne" not in page.lower()
    refused = post(sds_client, "draft_add", {"op": "move", "units": regions.herlev.sor_id, "to": ""})
    assert refused.status_code == 422 and "Angiv den nye overliggende enhed med SOR-kode" in html(refused)


def test_operations_are_counted_in_danish(sds_client, regions):
    loaded = load_file(sds_client)
    shown = html(sds_client.get(loaded["Location"]))
    assert "Planfilen er indlæst i kladden: Region Østdanmark med 9 operationer." in shown
    assert "operation(er)" not in shown
    preview = post(sds_client, "draft_preview")
    assert re.search(r"\b\d+ operationer er kontrolleret samlet", html(preview))
    post(sds_client, "draft_discard")
    post(
        sds_client,
        "draft",
        {"name": "Min kladde", "case_number": "SAG-1", "reason": "x", "effective_date": "01-01-2027"},
    )
    post(
        sds_client,
        "draft_add",
        {"op": "rename", "unit": regions.herlev.sor_id, "name": "Herlev og Gentofte Hospital"},
    )
    page = html(sds_client.get(reverse("reorganisation:draft")))
    assert "Erstat kladden og dens 1 operation med planfilen" in page
    assert "den ene operation" in page and "operation(er)" not in page
    unticked = load_file(sds_client)
    assert "Sæt kryds for at erstatte kladdens 1 operation med planfilens." in html(unticked)


def test_the_pages_do_not_send_users_to_the_readme_or_the_command_line(sds_client, regions):
    pages = [
        sds_client.get(reverse("reorganisation:list")),
        sds_client.get(reverse("reorganisation:draft")),
        load_file(sds_client),
        sds_client.get(reverse("reorganisation:draft")),
        post(sds_client, "draft_preview"),
    ]
    for response in pages:
        if response.status_code == 302:
            response = sds_client.get(response["Location"])
        text = html(response)
        assert "README" not in text and "manage.py" not in text, response.request["PATH_INFO"]
