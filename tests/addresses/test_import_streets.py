"""manage.py import_streets: shapes, counts, rejects, idempotency, completeness."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from addresses.models import PostalCode, PostalCodeMunicipality, Street, StreetPostalCode
from addresses.providers import OfflineProvider
from addresses.services import CODE_STREET_NOT_IN_POSTAL_CODE, AddressInput, address_get_or_create
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_streets", *map(str, args), stdout=out)
    return out.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DAWA_HEADER = (
    "kode,kommunekode,oprettet,ændret,kommunenavn,navn,adresseringsnavn,navngivenvej_id,darstatus,postnr"
)


def test_dawa_vejstykker_with_postnr_column(tmp_path):
    path = write(
        tmp_path,
        "allerod.csv",
        DAWA_HEADER
        + "\n"
        + "\n".join(
            [
                "0101,0201,2000-01-01,,Allerød,Engholm Allé,,,3,3450",
                "0102,0201,2000-01-01,,Allerød,Engholm Allé,,,3,3540",  # same name, other vejkode
                "0103,201,,,Allerød,Lyngevej,,,3,3540",
                "0104,0201,,,Allerød,Gammel Vej,,,4,3450",  # nedlagt
                "0105,0201,,,Allerød,,,,3,3450",  # no name
                "abc,0201,,,Allerød,Kodevej,,,3,3450",  # bad vejkode
                "0106,0201,,,Allerød,Fjernvej,,,3,9999",  # unknown postnummer
                "0107,0999,,,Test,Testvej,,,3,3450",  # unknown kommune
                "0101,0201,,,Allerød,Andet Navn,,,3,3450",  # vejkode already used with another name
                "0108,0201,,,Allerød," + "X" * 41 + ",,,3,3450",  # too long
            ]
        )
        + "\n",
    )
    out = run(path)
    assert "format: dawa-vejstykker" in out
    assert "Rækker læst: 10. Veje tilføjet: 3, ændret: 0, uændret: 0. Afvist: 7." in out
    assert "Vej-postnummer-relationer tilføjet: 3, fjernet: 0." in out
    for reason in (
        "nedlagt vej",
        "vejnavn mangler",
        "ugyldig vejkode",
        "ukendt postnummer",
        "ukendt kommunekode",
        "dublet med andet navn",
        "for langt vejnavn",
    ):
        assert f"1 × {reason}" in out
    assert "linje 5: «Gammel Vej» er nedlagt (darstatus 4)" in out
    assert "linje 10: vejkode 0101 i kommune 0201 står allerede i linje 2 med navnet «Engholm Allé»" in out
    assert [h.name for h in OfflineProvider().streets("3450", "engholm").items] == ["Engholm Allé"]
    assert [h.name for h in OfflineProvider().streets("3540", "lyngevej").items] == ["Lyngevej"]
    assert Street.objects.get(municipality_code="0201", code="0103").source == "import"

    again = run(path)
    assert "Rækker læst: 10. Veje tilføjet: 0, ændret: 0, uændret: 3. Afvist: 7." in again
    assert "Vej-postnummer-relationer tilføjet: 0, fjernet: 0." in again


def test_import_is_audited_once_per_changing_run(tmp_path):
    path = write(tmp_path, "a.csv", "kommunekode,kode,navn,postnr\n0201,0101,Engholm Allé,3450\n")
    run(path, "--reason", "Fuld vejliste fra DAR")
    run(path)
    events = AuditEvent.objects.filter(action="addresses.streets.import")
    assert events.count() == 1
    event = events.get()
    assert (event.source, event.actor_name, event.reason) == (
        "command:import_streets",
        "system:import_streets",
        "Fuld vejliste fra DAR",
    )
    assert event.after["added"] == 1 and event.after["links_added"] == 1


def test_shipped_cpr_sample_again_changes_nothing():
    out = run(settings.SOR_DATA_DIR / "dk" / "vejnavne-sample-cpr_vej.csv")
    assert "format: cpr_vej" in out
    assert "Rækker læst: 217. Veje tilføjet: 0, ændret: 0, uændret: 212. Afvist: 5." in out
    assert "5 × tidligere vejnavn" in out
    assert "«Munke Bjærgbyvej» er et tidligere navn (gyldigt til 1985-12-01)" in out


def test_cpr_shape_updates_a_renamed_street_and_derives_single_postnummer(tmp_path):
    path = write(
        tmp_path,
        "cpr.csv",
        'kommunekode;vejkode;navn;adresseringsnavn;virkning\n155;966;Brydevejen;Brydevejen;"[\\"2020-01-01 12:00:00+01\\",)"\n',
    )
    out = run(path)
    assert "Veje tilføjet: 0, ændret: 1, uændret: 0. Afvist: 0." in out
    street = Street.objects.get(municipality_code="0155", code="0966")
    assert (street.name, street.addressing_name) == ("Brydevejen", "Brydevejen")
    link = street.postal_links.get()
    assert (link.postal_code_id, link.name_search, link.derived) == ("2791", "brydevejen", False)
    assert list(street.postal_codes.values_list("nr", flat=True)) == ["2791"]


def test_a_vejkode_from_an_import_fills_in_a_hand_entered_street(tmp_path):
    before = Street.objects.get(municipality_code="0201", name="Bjarkesvej")
    assert before.code == ""
    out = run(write(tmp_path, "b.csv", "kommunekode,kode,navn,postnr\n0201,0042,Bjarkesvej,3450\n"))
    assert "Veje tilføjet: 0, ændret: 1" in out
    after = Street.objects.get(pk=before.pk)
    assert (after.code, after.source) == ("0042", "import")
    assert Street.objects.filter(municipality_code="0201", name="Bjarkesvej").count() == 1
    # Reloading the shipped demo file does not bring back a street without vejkode.
    run(settings.SOR_DATA_DIR / "dk" / "vejnavne-demo.csv")
    assert Street.objects.filter(municipality_code="0201", name="Bjarkesvej").count() == 1


def test_postnr_option_for_a_dawa_download_per_postnummer(tmp_path):
    path = write(
        tmp_path, "v3540.csv", "kode,kommunekode,navn,adresseringsnavn\n0300,0201,Kollerødvej,Kollerødvej\n"
    )
    out = run(path, "--postnr", "3540")
    assert "Veje tilføjet: 1" in out
    assert list(Street.objects.get(name="Kollerødvej").postal_codes.values_list("nr", flat=True)) == ["3540"]


def test_complete_for_one_postnummer(tmp_path):
    path = write(
        tmp_path,
        "v3540.csv",
        "kode,kommunekode,navn\n0300,0201,Kollerødvej\n0301,0201,Ved Gadekæret\n0400,0190,Lynge Bygade\n",
    )
    out = run(path, "--postnr", "3540", "--complete")
    assert "Komplet vejliste for postnumrene: 3540." in out
    lynge = PostalCode.objects.get(nr="3540")
    assert lynge.streets_complete
    assert lynge.streets_complete_note.startswith("import_streets v3540.csv ")
    assert not PostalCodeMunicipality.objects.filter(postal_code="3540", streets_complete=False).exists()
    # The demo rows for 3540 not in the file lose their link; Ved Gadekæret matched by name keeps it.
    assert [h.name for h in OfflineProvider().streets("3540", "").items] == [
        "Kollerødvej",
        "Lynge Bygade",
        "Ved Gadekæret",
    ]
    assert "fjernet: 2" in out  # Idrætsvej, Uggeløse Bygade
    with pytest.raises(ValidationError) as info:
        address_get_or_create(AddressInput("3540", "Idrætsvej", "1", confirm_unknown_street=True), field="p")
    assert info.value.error_dict["p_street_name"][0].code == CODE_STREET_NOT_IN_POSTAL_CODE
    assert (
        address_get_or_create(AddressInput("3540", "Ved Gadekæret", "15A"), field="p").validation == "offline"
    )


def test_complete_per_kommune(tmp_path):
    # Dragør Kommune (0155) lies only in 2791; 2791 is shared with Tårnby (0185).
    path = write(tmp_path, "dragor.csv", "kommunekode,kode,navn,postnr\n0155,0966,Brydevej,2791\n")
    out = run(path, "--complete")
    assert "fjernet: 17" in out  # the other 17 Dragør streets of the CPR sample
    assert PostalCodeMunicipality.objects.get(postal_code="2791", municipality_code="0155").streets_complete
    assert not PostalCode.objects.get(nr="2791").streets_complete  # Tårnby's part is still open
    assert "Komplet vejliste" not in out
    assert [h.name for h in OfflineProvider().streets("2791", "strøby").items] == []  # was Dragør's
    assert [h.name for h in OfflineProvider().streets("2791", "limburg").items] == ["Limburg Alle"]  # Tårnby

    tarnby = write(tmp_path, "tarnby.csv", "kommunekode,kode,navn,postnr\n0185,1980,Limburg Alle,2791\n")
    out = run(tarnby, "--complete")
    assert "Komplet vejliste for postnumrene: 2791." in out
    assert PostalCode.objects.get(nr="2791").streets_complete
    assert not PostalCode.objects.get(nr="2770").streets_complete  # Kastrup: Tårnby and København


def test_complete_needs_postnumre(tmp_path):
    path = write(
        tmp_path, "c.csv", 'kommunekode;vejkode;navn;adresseringsnavn;virkning\n155;1;Avej;Avej;""\n'
    )
    with pytest.raises(CommandError, match="--complete kræver postnumre"):
        run(path, "--complete")
    assert not Street.objects.filter(name="Avej").exists()


def test_complete_rejects_rows_without_postnr_in_multi_postnummer_kommune(tmp_path):
    path = write(
        tmp_path, "c.csv", "kommunekode,kode,navn,postnr\n0201,0500,Postløs Vej,\n0201,0501,Med Post,3450\n"
    )
    out = run(path, "--complete")
    assert "1 × postnummer mangler" in out


def test_vejnavnpostnummerrelationer_shape(tmp_path):
    path = write(
        tmp_path,
        "rel.csv",
        "vejnavn,postnr,postnrnavn\nRådhuspladsen,8000,Aarhus C\nNy Vej,8000,Aarhus C\nHovedgaden,3540,Lynge\n",
    )
    out = run(path)
    assert "format: dawa-vejnavnpostnummerrelationer" in out
    assert "Veje tilføjet: 1, ændret: 0, uændret: 1. Afvist: 1." in out
    assert "kommunen kan ikke udledes: postnummer 3540 ligger i flere kommuner" in out
    assert Street.objects.get(name="Ny Vej").municipality_code == "0751"


def test_unknown_shape_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Ukendt filformat"):
        run(write(tmp_path, "x.csv", "a,b,c\n1,2,3\n"))
    with pytest.raises(CommandError, match="findes ikke"):
        run(tmp_path / "nope.csv")
    with pytest.raises(CommandError, match="Postnummeret 9999 findes ikke"):
        run(write(tmp_path, "y.csv", "kode,kommunekode,navn\n1,0201,Vej\n"), "--postnr", "9999")


def test_progress_output_for_large_files(tmp_path):
    rows = "\n".join(f"{i},0751,Syntetisk Vej {i},,8000" for i in range(1, 5002))
    out = run(write(tmp_path, "big.csv", "kode,kommunekode,navn,adresseringsnavn,postnr\n" + rows + "\n"))
    assert "5000 rækker læst …" in out
    assert "Rækker læst: 5001. Veje tilføjet: 5001" in out
    assert (
        StreetPostalCode.objects.filter(postal_code="8000", street__name__startswith="Syntetisk").count()
        == 5001
    )


def test_known_postnummer_replaces_the_kommune_wide_listing(tmp_path):
    street = Street.objects.get(municipality_code="0461", code="2956")  # Hans Tausens Gade, Odense
    derived = set(street.postal_links.filter(derived=True).values_list("postal_code", flat=True))
    assert {"5000", "5200", "5210"} <= derived
    assert not street.postal_links.filter(derived=False).exists()

    out = run(write(tmp_path, "o.csv", "kommunekode,kode,navn,postnr\n0461,2956,Hans Tausens Gade,5000\n"))
    assert f"Vej-postnummer-relationer tilføjet: 1, fjernet: {len(derived) - 1}." in out
    assert list(street.postal_links.values_list("postal_code", "derived")) == [("5000", False)]
    assert [h.name for h in OfflineProvider().streets("5200", "hans taus").items] == []
    assert [h.name for h in OfflineProvider().streets("5000", "hans taus").items] == ["Hans Tausens Gade"]


def test_a_street_without_postnummer_is_not_listed_where_the_part_is_complete(tmp_path):
    run(
        write(tmp_path, "v5000.csv", "kode,kommunekode,navn\n2956,0461,Hans Tausens Gade\n"),
        "--postnr",
        "5000",
        "--complete",
    )
    run(
        write(
            tmp_path,
            "cpr.csv",
            'kommunekode;vejkode;navn;adresseringsnavn;virkning\n461;9001;Ny Odensevej;Ny Odensevej;""\n',
        )
    )
    listed = set(Street.objects.get(code="9001").postal_links.values_list("postal_code", flat=True))
    assert "5000" not in listed and "5200" in listed
