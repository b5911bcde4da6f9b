"""Images now live in the ``images`` app (see ``images 0001``): ``articles`` forgets its copy.

State only: the lead-image column keeps pointing at the same table, and no table is
dropped.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_integrity_constraints"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="lead_image",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="images.image",
                    ),
                ),
                migrations.DeleteModel(name="Rendition"),
                migrations.DeleteModel(name="Image"),
            ],
            database_operations=[],
        ),
    ]
