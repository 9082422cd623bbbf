"""An index for the FHIR history's future-dated changes (fhir/history.py): read in
(effective_date, seq) order from a day on. Partial: most events have no effective date."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_only_owner_may_rewrite_audit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("effective_date__isnull", False)),
                fields=["effective_date", "seq"],
                name="audit_event_effective_seq",
            ),
        ),
    ]
