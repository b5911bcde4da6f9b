"""Countries get aliases (other spellings the desk searches); the roles are reset to a copy of
``people.roles.ROLES`` in which correspondents may propose organisations (add, and change their own
proposal) and editors confirm or merge them (``confirm_organisation``).
"""

from django.db import migrations, models

from people import roles

ROLES = {
    "Correspondents": {
        "articles": {
            "article": ["add", "change", "view", "delete"],
            "byline": ["add", "change", "view", "delete"],
            "citation": ["add", "change", "view", "delete"],
            "region": ["view"],
            "country": ["view"],
            "programme": ["view"],
        },
        "images": {
            "image": ["add", "change", "view"],
        },
        "people": {
            "source": ["add", "change", "view"],
            "affiliation": ["add", "change", "view", "delete"],
            "organisation": ["add", "change", "view"],
            "correspondent": ["view"],
        },
    },
    "Editors": {
        "articles": {
            "article": ["add", "change", "view", "delete", "view_all_articles", "review_article", "publish_article"],
            "byline": ["add", "change", "view", "delete"],
            "citation": ["add", "change", "view", "delete"],
            "correction": ["add", "change", "view", "delete"],
            "region": ["add", "change", "view"],
            "country": ["add", "change", "view"],
            "programme": ["add", "change", "view"],
            "slugredirect": ["view"],
            "workflowevent": ["view"],
            "revision": ["view"],
            "notification": ["view"],
        },
        "images": {
            "image": ["add", "change", "view"],
        },
        "people": {
            "source": ["add", "change", "view", "view_confidential_source"],
            "affiliation": ["add", "change", "view", "delete"],
            "organisation": ["add", "change", "view", "confirm_organisation"],
            "correspondent": ["add", "change", "view"],
        },
    },
}


def sync_roles(apps, schema_editor):
    roles.sync_roles(apps, schema_editor, table=ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_preview_link"),
        ("people", "0004_proposals_descriptors"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text='Other spellings and names, one per line (e.g. "Kazakstan", "Қазақстан"); the desk searches them.',
            ),
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
