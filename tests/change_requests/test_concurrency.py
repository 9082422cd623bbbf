"""Two reviewers approve the same request at once, and a reviewer approves while someone changes
the unit: on PostgreSQL, with threads on their own connections."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from change_requests import services
from change_requests.models import ChangeRequest
from hierarchy import permissions
from hierarchy import services as hierarchy
from hierarchy.dates import today
from hierarchy.models import Unit, UnitVersion
from tests import factories
from tests.hierarchy.test_concurrency import run_in_threads
from tests.pg import postgres_only

from .conftest import make_user

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_approve_once(reference_data):
    kommune = factories.kommune_ie("0201")
    si = factories.si(kommune)
    requester = make_user("admin.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[kommune])
    reviewers = [make_user(f"sds{i}", permissions.GROUP_SDS) for i in range(2)]
    day = today() + timedelta(days=5)
    request = services.request_file(
        actor=requester,
        unit=si,
        kind="rediger",
        proposed={"name": "Nyt navn"},
        effective_date=day,
        reason="r",
    )
    results, errors = run_in_threads(
        lambda i: services.request_approve(actor=reviewers[i], request=request).status, 2
    )
    assert results == ["godkendt"]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError) and errors[0].code == "not_open"
    assert UnitVersion.objects.filter(unit=si, valid_from=day, name="Nyt navn").count() == 1


def test_an_approval_never_overwrites_a_change_made_meanwhile(reference_data):
    kommune = factories.kommune_ie("0201")
    si = factories.si(kommune)
    requester = make_user("admin.allerod", permissions.GROUP_MUNICIPAL_ADMIN, scopes=[kommune])
    reviewer = make_user("sds", permissions.GROUP_SDS)
    day = today() + timedelta(days=5)
    request = services.request_file(
        actor=requester,
        unit=si,
        kind="rediger",
        proposed={"name": "Nyt navn"},
        effective_date=day,
        reason="r",
    )

    seen = Unit.objects.get(pk=si.pk)  # what the other writer's form was opened on

    def act(i):
        if i == 0:
            return services.request_approve(actor=reviewer, request=request).status
        data = hierarchy.UnitData.from_unit(seen)
        data.phone = "48 10 99 99"
        hierarchy.unit_update(
            actor=None,
            unit=si,
            data=data,
            effective_date=day,
            reason="Samtidig",
            expected_revision=seen.revision,
        )
        return "changed"

    results, errors = run_in_threads(act, 2)
    assert len(results) == 1 and len(errors) == 1  # one wins; the other is refused, not overwritten
    version = UnitVersion.objects.get(unit=si, valid_from=day)
    if results == ["godkendt"]:
        assert getattr(errors[0], "code", repr(errors[0])) == "stale"
        assert (version.name, version.phone) == ("Nyt navn", seen.phone)
    else:
        assert getattr(errors[0], "code", repr(errors[0])) == "unit_changed"
        assert (version.name, version.phone) == (seen.name, "48 10 99 99")
        request.refresh_from_db()
        assert request.status == ChangeRequest.Status.RECEIVED
