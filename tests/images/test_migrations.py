"""Moving images into their own app keeps every row, file name and permission of a database
that already had the old migrations (state moves; nothing is copied or dropped)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import role_group

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0005_integrity_constraints"), ("images", None)]
AFTER = [("articles", "0008_headline_slug_plain_text"), ("images", "0001_initial")]


def migrate(targets):
    """Take the database to ``targets``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    nodes = [(app, name) for app, name in targets if name is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def test_images_made_before_the_move_are_the_same_rows_after_it():
    role_group("Correspondents")  # an earlier transactional test's flush may have taken the groups
    old = migrate(BEFORE)
    try:
        OldImage = old.get_model("articles", "Image")
        Article = old.get_model("articles", "Article")
        Group = old.get_model("auth", "Group")
        image = OldImage.objects.create(file="images/2026/11/abc.png", alt_text="A dry canal", width=4, height=3)
        old.get_model("articles", "Rendition").objects.create(
            image=image, width=4, height=3, format="webp", file="renditions/2026/11/abc.webp"
        )
        Article.objects.create(headline="Kept", slug="kept", lead_image_id=image.pk)
        held = set(Group.objects.get(name="Correspondents").permissions.values_list("codename", flat=True))
        assert {"add_image", "change_image", "view_image"} <= held

        new = migrate(AFTER)

        Image = new.get_model("images", "Image")
        moved = Image.objects.get(pk=image.pk)
        assert (moved.file.name, moved.alt_text) == ("images/2026/11/abc.png", "A dry canal")
        assert new.get_model("images", "Rendition").objects.filter(image_id=image.pk).count() == 1
        assert new.get_model("articles", "Article").objects.get(slug="kept").lead_image_id == image.pk
        ContentType = new.get_model("contenttypes", "ContentType")
        assert not ContentType.objects.filter(app_label="articles", model__in=["image", "rendition"]).exists()
        perms = new.get_model("auth", "Group").objects.get(name="Correspondents").permissions
        assert {"add_image", "change_image", "view_image"} <= set(
            perms.filter(content_type__app_label="images").values_list("codename", flat=True)
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
