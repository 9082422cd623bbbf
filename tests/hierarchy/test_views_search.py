"""Search from the navigator (R8): every mode, the result list and the reloadable URL."""

import pytest
from django.urls import reverse

from tests import factories

HX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "navigator-results"}


def result_names(content: str) -> list[str]:
    results = content.split('class="sor-results"')[1].split("</ul>")[0]
    return [part.split("</a>")[0].split(">")[-1] for part in results.split('class="sor-results__link"')[1:]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"navn": "*blovstrød*"}, ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]),
        ({"navn": "Blovstrød*"}, ["Blovstrød Skole"]),
        ({"navn": "*skole"}, ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]),
        ({"navn": "blovstrød"}, ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]),
        ({"fritekst": "ÆLDRE"}, ["Ældreplejen Lyngehus"]),
        (
            {"fritekst": "*aarhus*"},
            ["Aarhus Kommune", "Hjemmeplejen Aarhus Midt", "Sundhed og Omsorg Aarhus"],
        ),
        ({"fritekst": "*aarhus*", "mine": "1"}, []),
    ],
)
def test_search_modes(admin_client, demo, params, expected):
    response = admin_client.get(reverse("hierarchy:index"), params, **HX_RESULTS)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    if expected:
        assert result_names(content) == expected
    else:
        assert "Ingen enheder matcher søgningen." in content


def test_search_by_sor_code(admin_client, demo):
    content = admin_client.get("/", {"sor_kode": demo.tandplejen_blovstrod.sor_id}).content.decode()
    assert result_names(content) == ["Tandplejen Blovstrød Skole"]
    assert "1 enhed fundet." in content


def test_result_shows_sor_code_type_and_path_and_links_to_details(admin_client, demo):
    content = admin_client.get("/", {"navn": "Tandplejen*"}).content.decode()
    item = content.split('class="sor-results"')[1].split("</li>")[0]
    assert demo.tandplejen_blovstrod.sor_id in item
    assert "tandplejeklinik" in item
    assert "Allerød Kommune › Center for Sundhed og Omsorg › Allerød Kommunes Tandpleje" in item
    detail = reverse("hierarchy:unit_detail", args=[demo.tandplejen_blovstrod.sor_id]) + "?navn=Tandplejen%2A"
    assert f'href="{detail}"' in item
    assert 'hx-target="#details"' in item


def test_search_and_selected_unit_survive_a_reload(admin_client, demo):
    content = admin_client.get("/", {"navn": "*skole", "enhed": demo.blovstrod_skole.sor_id}).content.decode()
    assert result_names(content) == ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]
    assert '<h2 id="details-heading" tabindex="-1">Blovstrød Skole</h2>' in content
    details_page = admin_client.get(
        reverse("hierarchy:unit_detail", args=[demo.blovstrod_skole.sor_id]), {"navn": "*skole"}
    ).content.decode()
    assert result_names(details_page) == ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]


def test_search_form_keeps_the_criteria(admin_client, demo):
    content = admin_client.get("/", {"navn": "*skole", "mine": "1"}).content.decode()
    assert 'name="navn" value="*skole"' in content
    assert (
        'name="mine" class="form-checkbox"' in content and "checked" in content.split('name="mine"')[1][:80]
    )


def test_search_without_criteria(admin_client, demo):
    content = admin_client.get("/", {"navn": "*"}).content.decode()
    assert "Angiv mindst ét søgekriterium" in content


@pytest.mark.parametrize("n", [5, 45])  # both under SEARCH_LIMIT (50): no count query
def test_search_view_query_count_is_fixed(admin_client, demo, django_assert_num_queries, n):
    for i in range(n):
        factories.oe(demo.tandpleje, f"Skoletandpleje {i:02d}")
    # session, user, results, their paths
    with django_assert_num_queries(4):
        response = admin_client.get("/", {"navn": "*skole*"}, **HX_RESULTS)
    assert len(result_names(response.content.decode())) == n + 3


def test_search_view_over_the_limit_adds_only_the_capped_count(admin_client, demo, django_assert_num_queries):
    for i in range(60):
        factories.oe(demo.tandpleje, f"Skoletandpleje {i:02d}")
    # session, user, results, the count (capped), their paths
    with django_assert_num_queries(5):
        response = admin_client.get("/", {"navn": "*skole*"}, **HX_RESULTS)
    content = response.content.decode()
    assert len(result_names(content)) == 50
    assert "Viser de første 50 af 63 enheder" in content


# --- a pattern beyond the bounds gets the Danish message, never a 500 (issue 11, item 14) ---


@pytest.mark.parametrize(
    ("field", "label", "pattern"),
    [
        ("fritekst", "Fritekst", "a*b*c*d*e*f"),
        ("navn", "Navn", "*a*a*a*a*a*a*a*a*a*b"),
        ("navn", "Navn", "x" * 61),
        ("fritekst", "Fritekst", "*a" * 2000),  # the navigator keeps 200 characters of it
    ],
)
def test_too_complex_pattern_is_refused_in_the_results(admin_client, demo, field, label, pattern):
    from hierarchy.selectors import MSG_PATTERN_TOO_COMPLEX

    response = admin_client.get(reverse("hierarchy:index"), {field: pattern}, **HX_RESULTS)
    content = response.content.decode()
    # 422 like every refused form here: htmx swaps it (base.html), unlike a 400
    assert response.status_code == 422 and "<html" not in content
    assert f"{label}: {MSG_PATTERN_TOO_COMPLEX}" in content


def test_too_complex_pattern_is_shown_at_its_field_on_a_full_page(admin_client, demo):
    from hierarchy.selectors import MSG_PATTERN_TOO_COMPLEX

    response = admin_client.get("/", {"navn": "a*b*c*d*e*f", "fritekst": "*skole"})
    content = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_navn_error"><span class="sr-only">Fejl: </span>{MSG_PATTERN_TOO_COMPLEX}' in content
    assert 'id="id_fritekst_error"' not in content
    assert 'value="a*b*c*d*e*f"' in content  # the pattern stays in the field to be corrected


def test_five_parts_are_searched_as_admin_allerod(db, client):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="admin.allerod"))
    accepted = client.get("/", {"fritekst": "*center*for*sundhed*og*omsorg*"}, **HX_RESULTS)
    assert accepted.status_code == 200 and "Center for Sundhed og Omsorg" in result_names(
        accepted.content.decode()
    )
    refused = client.get("/", {"navn": "*center*for*sundhed*og*omsorg*x*"}, **HX_RESULTS)
    assert refused.status_code == 422 and "Søgningen må højst have 5 dele" in refused.content.decode()


def test_search_pushes_its_canonical_url_without_empty_values(admin_client, demo):
    """The form sends every field; the address bar gets only what reproduces the search and the
    selected unit (issue 13)."""
    params = {"enhed": "", "fritekst": "", "navn": "*blovstrød*", "sor_kode": "", "vis_lukkede": ""}
    response = admin_client.get("/", params, **HX_RESULTS)
    assert response["HX-Push-Url"] == "/?navn=%2Ablovstr%C3%B8d%2A"
    params["enhed"] = demo.blovstrod_skole.sor_id
    response = admin_client.get("/", {**params, "mine": "on"}, **HX_RESULTS)
    assert (
        response["HX-Push-Url"] == f"/?navn=%2Ablovstr%C3%B8d%2A&mine=1&enhed={demo.blovstrod_skole.sor_id}"
    )
    # That URL, loaded directly, is the whole page with the search and the unit.
    page = admin_client.get(response["HX-Push-Url"]).content.decode()
    assert "<html" in page and result_names(page) == ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]
    assert 'id="details-heading" tabindex="-1">Blovstrød Skole<' in page


def test_kun_mine_enheder_updates_the_hint_of_the_empty_details_panel(admin_client, demo):
    content = admin_client.get("/", {"enhed": "", "mine": "on"}, **HX_RESULTS).content.decode()
    assert 'id="no-selection" hx-swap-oob="true"' in content
    assert "Klik på en enhed i træet" in content
    # With a unit open, the details panel is left alone.
    selected = {"enhed": demo.blovstrod_skole.sor_id, "mine": "on"}
    assert "hx-swap-oob" not in admin_client.get("/", selected, **HX_RESULTS).content.decode()


def test_sor_code_with_a_wrong_check_digit_is_named_as_such(admin_client, demo):
    """One message per fault (issue 13): the check digit, as everywhere else, not 'no match'."""
    code = demo.blovstrod_skole.sor_id
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    response = admin_client.get("/", {"sor_kode": wrong}, **HX_RESULTS)
    content = response.content.decode()
    assert response.status_code == 422
    assert f"SOR-kode: SOR-koden {wrong} har et forkert kontrolciffer." in content
    assert "Ingen enheder matcher" not in content
    page = admin_client.get("/", {"sor_kode": wrong}).content.decode()
    assert "forkert kontrolciffer" in page and 'aria-invalid="true"' in page
    # The right code is found; a code outside SOR's namespace is still just searched.
    assert result_names(admin_client.get("/", {"sor_kode": code}).content.decode()) == ["Blovstrød Skole"]
    other = admin_client.get("/", {"sor_kode": "12345678901"}, **HX_RESULTS)
    assert other.status_code == 200 and "Ingen enheder matcher" in other.content.decode()
