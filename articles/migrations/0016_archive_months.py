"""Published stories per month, kept by a trigger (``articles.months``), for the archive page and the sitemap index.

On PostgreSQL the trigger is installed and every month counted once from the articles (one
GROUP BY: a few seconds at a million articles). SQLite keeps the table empty.
"""

from django.db import migrations, models


def install(apps, schema_editor):
    from articles import months

    months.install(schema_editor.connection)
    months.recount(schema_editor.connection)


def uninstall(apps, schema_editor):
    from articles import months

    months.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_translations"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveMonth",
            fields=[
                ("month", models.DateField(editable=False, primary_key=True, serialize=False)),
                ("published", models.IntegerField(default=0, editable=False)),
            ],
            options={
                "verbose_name": "archive month",
                "verbose_name_plural": "archive months",
                "ordering": ["-month"],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
