"""The nested sets move from `hierarchy_unit` to the narrow `hierarchy_unitnode` (one row per
unit, same primary key): the node table is made whole first, filled from the unit rows as they
are, and only then are the tree columns dropped from the units (see `UnitNode`)."""

import django.db.models.deletion
import mptt.fields
from django.db import migrations, models

COPY_TREE = """
    INSERT INTO hierarchy_unitnode (unit_id, parent_id, tree_id, lft, rght, level)
    SELECT id, parent_id, tree_id, lft, rght, level FROM hierarchy_unit
"""


def half_full_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE hierarchy_unitnode SET (fillfactor = 50)")


class Migration(migrations.Migration):
    dependencies = [
        ("hierarchy", "0006_unit_replacement"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitNode",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="node",
                        serialize=False,
                        to="hierarchy.unit",
                    ),
                ),
                ("tree_id", models.PositiveIntegerField(editable=False)),
                ("lft", models.PositiveIntegerField(editable=False)),
                ("rght", models.PositiveIntegerField(editable=False)),
                ("level", models.PositiveIntegerField(editable=False)),
                (
                    "parent",
                    mptt.fields.TreeForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="hierarchy.unitnode",
                    ),
                ),
            ],
            options={
                "verbose_name": "placering i træet",
                "verbose_name_plural": "placeringer i træet",
                "indexes": [
                    models.Index(fields=["tree_id", "parent"], name="hierarchy_unitnode_tree_parent")
                ],
            },
        ),
        # Room on every page for its rows' next versions, so a shift is a HOT update (UnitNode).
        migrations.RunPython(half_full_pages, migrations.RunPython.noop, elidable=False),
        # Not reversible: the unit's tree columns could not be added back NOT NULL to a filled table.
        migrations.RunSQL(COPY_TREE, elidable=False),
        migrations.RemoveIndex(
            model_name="unit",
            name="hierarchy_unit_tree_id_lft_idx",
        ),
        migrations.RemoveField(
            model_name="unit",
            name="level",
        ),
        migrations.RemoveField(
            model_name="unit",
            name="lft",
        ),
        migrations.RemoveField(
            model_name="unit",
            name="rght",
        ),
        migrations.RemoveField(
            model_name="unit",
            name="tree_id",
        ),
        migrations.AlterField(
            model_name="unit",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="hierarchy.unit",
                verbose_name="overliggende enhed",
            ),
        ),
    ]
