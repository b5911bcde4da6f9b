"""Identities move from clear text to Fernet tokens, with a blind index of each name.

Existing rows are converted in place with raw SQL (the historical models would try to
decrypt the clear values they read). Reversible: going back decrypts every value with
NEWSROOM_FIELD_KEYS and drops the index, so it needs the same keys as going forward.
Values that are already tokens are left alone, so running it twice does no harm.
"""

import people.encryption
from django.db import migrations, models

from people import encryption

#: table, blind-index context, encrypted columns (the first is the indexed name)
TABLES = [
    ("people_source", "people.source", ["name", "description"]),
    ("people_correspondent", "people.correspondent", ["name"]),
]


def _opens(value):
    try:
        encryption.decrypt(value)
    except encryption.UndecryptableValue:
        return False
    return True


def _convert(schema_editor, forward):
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, context, columns in TABLES:
            cursor.execute(f"SELECT id, {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
            for pk, *values in cursor.fetchall():
                if forward:
                    plain = [encryption.decrypt(v) if v and _opens(v) else v for v in values]
                    stored = [encryption.encrypt(v) for v in plain]
                    exact, tokens = encryption.name_index(context, plain[0])
                else:
                    stored = [encryption.decrypt(v) if v and _opens(v) else v for v in values]
                    exact, tokens = "", ""
                assignments = ", ".join(f"{quote(c)} = %s" for c in [*columns, "name_index", "name_tokens"])
                cursor.execute(
                    f"UPDATE {quote(table)} SET {assignments} WHERE id = %s", [*stored, exact, tokens, pk]
                )


def encrypt_identities(apps, schema_editor):
    _convert(schema_editor, forward=True)


def decrypt_identities(apps, schema_editor):
    _convert(schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_integrity_constraints'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='correspondent',
            options={'ordering': ['slug'], 'verbose_name': 'correspondent', 'verbose_name_plural': 'correspondents'},
        ),
        migrations.AlterModelOptions(
            name='source',
            options={'ordering': ['slug'], 'permissions': [('view_confidential_source', 'Can see the identity of confidential sources')], 'verbose_name': 'source', 'verbose_name_plural': 'sources'},
        ),
        migrations.AddField(
            model_name='correspondent',
            name='name_index',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='correspondent',
            name='name_tokens',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='contact',
            field=people.encryption.EncryptedTextField(blank=True, help_text='Phone, messenger, e-mail: how to reach them. Never public; stored encrypted.'),
        ),
        migrations.AddField(
            model_name='source',
            name='name_index',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='source',
            name='name_tokens',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='private_notes',
            field=people.encryption.EncryptedTextField(blank=True, help_text='Anything the desk must know and the public must not. Stored encrypted.'),
        ),
        migrations.AlterField(
            model_name='correspondent',
            name='name',
            field=people.encryption.EncryptedCharField(help_text='Real name, for the desk only; stored encrypted. Never shown on the public site.', max_length=200),
        ),
        migrations.AlterField(
            model_name='source',
            name='description',
            field=people.encryption.EncryptedTextField(blank=True, help_text='Who they are, for the desk (and the public page if named). Stored encrypted.'),
        ),
        migrations.AlterField(
            model_name='source',
            name='name',
            field=people.encryption.EncryptedCharField(help_text='Full name. For a confidential source, seen only by the desk. Stored encrypted.', max_length=200),
        ),
        migrations.RunPython(encrypt_identities, decrypt_identities),
    ]
