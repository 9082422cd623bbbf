from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.CreateModel(
            name="ChainCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("verified_at", models.DateTimeField(auto_now_add=True, verbose_name="kontrolleret")),
                ("ok", models.BooleanField(verbose_name="kæden holder")),
                (
                    "through_seq",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="verificeret til hændelse"
                    ),
                ),
                (
                    "through_occurred_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="hændelsens tidspunkt"),
                ),
                ("through_hash", models.CharField(blank=True, max_length=64)),
                ("problem", models.TextField(blank=True, verbose_name="fejl")),
            ],
            options={
                "verbose_name": "kontrol af ændringsloggen",
                "verbose_name_plural": "kontroller af ændringsloggen",
                "ordering": ["-verified_at"],
                "get_latest_by": "verified_at",
            },
        ),
    ]
