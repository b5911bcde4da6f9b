"""Images move out of ``articles`` into their own app, keeping their tables and rows.

Only Django's idea of which app owns the models changes (``SeparateDatabaseAndState``):
the tables keep their names (``articles_image``, ``articles_rendition``), nothing is
copied. On a fresh database ``articles 0001`` still creates the tables, so this
migration runs after the ``articles`` ones that shaped them; ``articles 0006`` then
drops the models from ``articles``' state. The content types are renamed, not
recreated, so group permissions and the admin's history keep pointing at the images.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import images.uploads

MODELS = ["image", "rendition"]


def content_types_follow(old_app, new_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        try:
            LogEntry = apps.get_model("admin", "LogEntry")
        except LookupError:
            LogEntry = None
        for model in MODELS:
            old = ContentType.objects.filter(app_label=old_app, model=model).first()
            if old is None:
                continue
            new = ContentType.objects.filter(app_label=new_app, model=model).first()
            if new is None:
                ContentType.objects.filter(pk=old.pk).update(app_label=new_app)
                continue
            # Both exist (a post_migrate made the new one already): whoever held a permission on the
            # old type gets the same one on the new, the admin's history follows, and the old type goes.
            for perm in Permission.objects.filter(content_type=old):
                target, _ = Permission.objects.get_or_create(
                    content_type=new, codename=perm.codename, defaults={"name": perm.name}
                )
                for group in perm.group_set.all():
                    group.permissions.add(target)
                for user in perm.user_set.all():
                    user.user_permissions.add(target)
            if LogEntry is not None:
                LogEntry.objects.filter(content_type=old).update(content_type=new)
            old.delete()

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0005_integrity_constraints"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Image",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "file",
                            images.uploads.SafeImageField(
                                height_field="height",
                                upload_to=images.uploads.random_upload_path,
                                width_field="width",
                            ),
                        ),
                        ("width", models.PositiveIntegerField(default=0, editable=False)),
                        ("height", models.PositiveIntegerField(default=0, editable=False)),
                        (
                            "alt_text",
                            models.CharField(
                                help_text="What the image shows, for readers who cannot see it. Required.",
                                max_length=300,
                            ),
                        ),
                        ("caption", models.CharField(blank=True, max_length=500)),
                        (
                            "credit",
                            models.CharField(
                                blank=True, help_text='e.g. "Photo: a Newsroom correspondent".', max_length=200
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "image",
                        "verbose_name_plural": "images",
                        "db_table": "articles_image",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("alt_text__regex", "\\S")),
                                name="image_alt_text_required",
                                violation_error_message="Describe the image for readers who cannot see it.",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Rendition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("width", models.PositiveIntegerField()),
                        ("height", models.PositiveIntegerField()),
                        ("format", models.CharField(help_text="webp or jpeg", max_length=10)),
                        ("file", models.ImageField(upload_to=images.uploads.random_upload_path)),
                        (
                            "image",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="renditions",
                                to="images.image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rendition",
                        "verbose_name_plural": "renditions",
                        "db_table": "articles_rendition",
                        "ordering": ["image", "width"],
                        "constraints": [
                            models.UniqueConstraint(fields=("image", "width", "format"), name="rendition_unique_size"),
                            models.CheckConstraint(
                                condition=models.Q(("format__in", ["webp", "jpeg"])), name="rendition_format_valid"
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow("articles", "images"), content_types_follow("images", "articles")),
    ]
