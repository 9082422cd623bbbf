"""Storing an omstrukturering once (issue 22, item 1): "Gem" sent again from the same previewed
page stores no second package, and a sagsnummer is held by one pending package at a time (the
service's Danish refusal, and the database's constraint for stores that arrive together)."""

import dataclasses
import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.services import MSG_CASE_TAKEN, reorganisation_store, reorganisation_withdraw
from sor_admin import submissions
from tests.hierarchy.test_concurrency import run_in_threads
from tests.pg import postgres_only

from .conftest import plan_text
from .test_views import upload


def test_the_preview_page_carries_a_form_key(client, regions, sds_user):
    client.force_login(sds_user)
    html = upload(client, plan_text()).content.decode()
    assert re.search(r'<input type="hidden" name="form_key" value="[0-9a-f-]{36}"', html)


def test_gem_sent_twice_from_one_preview_stores_one_package(client, regions, sds_user):
    client.force_login(sds_user)
    data = {"plan_text": plan_text(), "form_key": str(uuid.uuid4())}
    first = client.post(reverse("reorganisation:store"), data)
    second = client.post(reverse("reorganisation:store"), data)
    package = Reorganisation.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("reorganisation:detail", args=[package.pk])
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        f"Omstruktureringen {package.name} er gemt og gennemføres {package.effective_date:%d-%m-%Y}."
    )
    assert AuditEvent.objects.filter(action="reorganisation.package.create").count() == 1


def test_the_service_answers_a_reused_key_with_the_first_package(regions, sds_user):
    key = uuid.uuid4()
    package = reorganisation_store(actor=sds_user, plan=read_plan(plan_text()), form_key=key)
    with pytest.raises(submissions.AlreadySubmitted) as repeat:
        reorganisation_store(actor=sds_user, plan=read_plan(plan_text()), form_key=key)
    assert repeat.value.result == str(package.pk)
    assert Reorganisation.objects.count() == 1


def test_another_preview_of_the_same_plan_is_refused_by_its_sagsnummer(client, regions, sds_user):
    client.force_login(sds_user)
    for _ in range(2):
        answer = client.post(
            reverse("reorganisation:store"), {"plan_text": plan_text(), "form_key": str(uuid.uuid4())}
        )
    package = Reorganisation.objects.get()
    assert answer.status_code == 422
    assert MSG_CASE_TAKEN.format(case=package.case_number, name=package.name) in answer.content.decode()


def test_a_sagsnummer_is_unique_among_pending_packages_in_the_database(regions, sds_user):
    package = reorganisation_store(actor=sds_user, plan=read_plan(plan_text()))
    fields = dict(name="Anden", reason="x", effective_date=package.effective_date, operations=[], impact={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Reorganisation.objects.create(case_number=package.case_number, **fields)
    # Once withdrawn, its sagsnummer is free again, for the database as for the service.
    reorganisation_withdraw(actor=sds_user, package=package, reason="Forkert dato")
    Reorganisation.objects.create(case_number=package.case_number, **fields)


def test_a_store_that_meets_the_constraint_is_refused_in_danish(regions, sds_user, monkeypatch):
    """Two stores at once both pass the check before storing; the second meets the database's
    constraint, which the service reports as the same Danish refusal, not a server error."""
    first = reorganisation_store(actor=sds_user, plan=read_plan(plan_text()))
    from reorganisation import services

    real_preview = services.reorganisation_preview

    def preview_before_the_first_was_stored(*, actor, plan):
        return real_preview(actor=actor, plan=dataclasses.replace(plan, case_number="endnu ikke gemt"))

    monkeypatch.setattr(services, "reorganisation_preview", preview_before_the_first_was_stored)
    with pytest.raises(ValidationError) as refused:
        reorganisation_store(actor=sds_user, plan=read_plan(plan_text()), form_key=uuid.uuid4())
    assert refused.value.messages == [MSG_CASE_TAKEN.format(case=first.case_number, name=first.name)]
    assert Reorganisation.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_gem_sent_six_times_at_once_stores_one_package(reference_data, regions, sds_user):
    logged_in = Client()
    logged_in.force_login(sds_user)
    data = {"plan_text": plan_text(), "form_key": str(uuid.uuid4())}

    def post(_):
        client = Client()
        client.cookies = logged_in.cookies
        return client.post(reverse("reorganisation:store"), data)

    answers, errors = run_in_threads(post, 6)
    package = Reorganisation.objects.get()
    assert errors == [] and [a.status_code for a in answers] == [302] * 6
    assert {a["Location"] for a in answers} == {reverse("reorganisation:detail", args=[package.pk])}
    assert AuditEvent.objects.filter(action="reorganisation.package.create").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_six_previews_stored_at_once_give_one_package_and_danish_refusals(reference_data, regions, sds_user):
    """Six opened previews (six keys) of one plan: one package, five refusals by its sagsnummer."""

    def store(_):
        try:
            return reorganisation_store(actor=sds_user, plan=read_plan(plan_text()), form_key=uuid.uuid4())
        except ValidationError as exc:
            return exc.messages

    results, errors = run_in_threads(store, 6)
    package = Reorganisation.objects.get()
    assert errors == []
    refusals = [r for r in results if not isinstance(r, Reorganisation)]
    assert refusals == [[MSG_CASE_TAKEN.format(case=package.case_number, name=package.name)]] * 5
