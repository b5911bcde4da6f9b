"""An index for the desk's default article order: submitted first, then the newest save.

The list walks it and stops after a page, whatever the archive's size (``waiting_first``).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_article_licence")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.Case(models.When(status="submitted", then=models.Value(0)), default=models.Value(1)),
                models.OrderBy(models.F("updated_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="article_desk_order_idx",
            ),
        ),
    ]
