"""Joins two migrations written side by side (the roles table after images moved, and plain-text
headlines); neither touches what the other does, so there is nothing to reconcile."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_headline_slug_plain_text"),
        ("articles", "0007_roles"),
    ]

    operations = []
