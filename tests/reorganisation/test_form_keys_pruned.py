"""The nightly run deletes the used form keys older than `sor_admin.submissions.KEEP` (a week; a
repeat comes within seconds) and keeps the newer ones, so a double click of today is still
answered with the first submit's result."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sor_admin import submissions
from sor_admin.models import FormSubmission

pytestmark = pytest.mark.django_db


def used_key(user, age: timedelta) -> FormSubmission:
    key = FormSubmission.objects.create(user=user, key=uuid.uuid4(), action="hierarchy.unit.create")
    FormSubmission.objects.filter(pk=key.pk).update(created_at=timezone.now() - age)
    return key


def test_the_nightly_run_deletes_keys_older_than_a_week(sds_user):
    old = [used_key(sds_user, submissions.KEEP + timedelta(minutes=1)) for _ in range(2)]
    recent = used_key(sds_user, submissions.KEEP - timedelta(minutes=1))
    today = used_key(sds_user, timedelta(0))
    out = StringIO()
    call_command("apply_due_changes", stdout=out)
    assert "Brugte formularnøgler ældre end 7 dage slettet: 2 nøgler." in out.getvalue()
    assert set(FormSubmission.objects.values_list("pk", flat=True)) == {recent.pk, today.pk}
    assert not FormSubmission.objects.filter(pk__in=[key.pk for key in old]).exists()


def test_a_kept_key_still_answers_a_repeat(sds_user):
    key = used_key(sds_user, timedelta(hours=8))
    submissions.prune()
    with pytest.raises(submissions.AlreadySubmitted):
        submissions.check(sds_user, key.key, key.action)
