"""The folded names (`UnitSearch.name`, `UnitVersion.name_search`) become text (issue 11, item
12): folding may lengthen a valid 60-character name ("İ" lower-cases to "i" + U+0307), and
varchar(60) made PostgreSQL refuse the write with a server error. varchar to text needs no table
rewrite on PostgreSQL, and the trigram indexes (0003, 0004) stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hierarchy", "0004_unitversion_search"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unitsearch",
            name="name",
            field=models.TextField(verbose_name="søgenavn"),
        ),
        migrations.AlterField(
            model_name="unitversion",
            name="name_search",
            field=models.TextField(blank=True, editable=False, verbose_name="søgenavn"),
        ),
    ]
