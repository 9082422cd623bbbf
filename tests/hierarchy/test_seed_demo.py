"""The public contract of seed_demo (README.md, "Run it")."""

from datetime import date
from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from audit.models import AuditEvent
from hierarchy import integrity, permissions, services
from hierarchy.models import LocationNumber, Unit


def test_seed_demo_contract_and_idempotency(db):
    call_command("seed_demo")
    counts = (Unit.objects.count(), LocationNumber.objects.count(), AuditEvent.objects.count())
    assert Unit.objects.filter(kind="IE", municipality__isnull=False).count() == 98

    allerod = Unit.objects.get(name="Allerød Kommune", kind="IE")
    tand = Unit.objects.get(name="Allerød Kommunes Tandpleje")
    assert tand.node.get_ancestors().first().unit == allerod
    assert Unit.objects.get(name="Tandplejen Blovstrød Skole").parent == tand

    aarhus = Unit.objects.get(sor_id="311000016009")
    assert aarhus.name == "Aarhus Kommune"
    assert Unit.objects.filter(node__tree_id=aarhus.tree_id).count() >= 30
    assert Unit.objects.get(sor_id="937961000016000").parent == aarhus

    advis = Unit.objects.get(name="Sygehusadviser, Allerød Kommune")
    assert advis.is_municipal_communication and hasattr(advis, "location_number")
    for ie in Unit.objects.filter(
        kind="IE", name__in=["Allerød Kommune", "Aarhus Kommune", "Bornholms Regionskommune"]
    ):
        assert Unit.objects.filter(node__tree_id=ie.tree_id, is_municipal_communication=True).exists()
    assert LocationNumber.objects.filter(message_types__code="XDIS19").exists()

    def log_in(username):
        # As a login form does: the throttling backend (django-axes) needs the request.
        return authenticate(RequestFactory().post("/login/"), username=username, password="demo")

    for username in ("admin.allerod", "admin.aarhus", "sds", "medcom", "support"):
        assert log_in(username) is not None, username
    admin_allerod = log_in("admin.allerod")
    assert permissions.in_scope(admin_allerod, tand)
    assert not permissions.in_scope(admin_allerod, aarhus)
    assert permissions.is_sds(log_in("sds"))

    call_command("seed_demo")
    assert counts == (Unit.objects.count(), LocationNumber.objects.count(), AuditEvent.objects.count())
    assert services.inherited_location_number(Unit.objects.get(name="Sygeplejeklinikken Allerød")) is not None


def test_kommune_owner_names_follow_sor(db):
    from hierarchy.models import Municipality

    assert Municipality.objects.get(code="0201").owner_name == "Allerød Kommune"
    assert Municipality.objects.get(code="0101").owner_name == "Københavns Kommune"
    assert Municipality.objects.get(code="0400").owner_name == "Bornholms Regionskommune"


def test_seed_demo_runs_on_a_register_made_by_generate_register(db):
    """Issue 27: the big synthetic register had no demo users, because seed_demo refused it
    ("Den overliggende enhed Allerød Kommune er ikke aktiv pr. 01-01-2015": the generated
    kommuner start after SOR_START). The order is generate_register (an empty database only),
    then seed_demo, which adds its trees and users to the kommuner it finds."""
    call_command("generate_register", units=600, stdout=StringIO())
    generated = Unit.objects.count()
    allerod = Unit.objects.get(municipality_id="0201")
    assert allerod.valid_from > date(2015, 1, 1)  # the case that was refused

    call_command("seed_demo", stdout=StringIO())

    assert Unit.objects.filter(kind="IE", municipality__isnull=False).count() == 98  # no second IE
    tand = Unit.objects.get(name="Allerød Kommunes Tandpleje")
    assert tand.node.get_ancestors().first().unit == allerod
    assert tand.parent.valid_from >= allerod.valid_from  # begins when its kommune does
    assert Unit.objects.get(sor_id="937961000016000").parent.municipality_id == "0751"
    assert Unit.objects.count() > generated
    user = authenticate(RequestFactory().post("/login/"), username="admin.allerod", password="demo")
    assert user is not None and permissions.in_scope(user, tand)
    assert integrity.tree_problems() == []
    assert integrity.search_key_problems() == []

    counts = (Unit.objects.count(), LocationNumber.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo", stdout=StringIO())  # still idempotent
    assert counts == (Unit.objects.count(), LocationNumber.objects.count(), AuditEvent.objects.count())
