"""Identities are stored encrypted: a database dump or a backup shows no name, phone or private note.

Values are Fernet tokens (AES-128-CBC with an HMAC-SHA256 tag) made with the keys in
``settings.NEWSROOM_FIELD_KEYS``: the first key encrypts, every key in the list decrypts, so a
new key goes first and the old one stays until ``python manage.py rotate_field_keys`` has
re-encrypted every value. Python code sees plain text; the database can no longer compare,
search or sort these columns, so the fields refuse every lookup but ``isnull``.

A name can still be found by the desk through a blind index: an HMAC of the normalised name
(NFKC, case-folded, whitespace collapsed), and one per word of it, kept in clear columns
next to the token. The index key is derived from each field key, so a search made during a
rotation still finds rows indexed under the old key.
"""

import base64
import functools
import hashlib
import hmac
import re
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.views.decorators.debug import sensitive_variables

#: Label mixed into the index key, so the same secret never serves as both cipher and index key.
_INDEX_LABEL = b"newsroom blind index v1"
#: Hex digits kept of each word's digest: enough to tell words apart, less to compare across rows.
TOKEN_DIGITS = 20


class UndecryptableValue(Exception):
    """A stored value no configured key opens: the keys are wrong or incomplete (never the value itself)."""


@functools.lru_cache(maxsize=8)
def _ciphers(keys):
    if not keys:
        raise ImproperlyConfigured("NEWSROOM_FIELD_KEYS is empty: set at least one Fernet key.")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"NEWSROOM_FIELD_KEYS: key {position} is not a Fernet key (32 url-safe base64-encoded bytes; "
                "generate one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')."
            ) from None
    index_keys = tuple(
        hmac.new(base64.urlsafe_b64decode(key.encode()), _INDEX_LABEL, hashlib.sha256).digest() for key in keys
    )
    return MultiFernet(fernets), fernets[0], index_keys


def _keys():
    return tuple(settings.NEWSROOM_FIELD_KEYS)


def check_keys():
    """Raise ``ImproperlyConfigured`` unless every configured key is usable (called at start-up)."""
    _ciphers(_keys())


@sensitive_variables()
def encrypt(value):
    """A token for ``value`` under the first key; empty stays empty (a blank field hides nothing)."""
    if not value:
        return value
    cipher, _, _ = _ciphers(_keys())
    return cipher.encrypt(value.encode()).decode("ascii")


@sensitive_variables()
def decrypt(token):
    """The plain text of ``token``, opened with whichever configured key made it."""
    if not token:
        return token
    cipher, _, _ = _ciphers(_keys())
    try:
        return cipher.decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise UndecryptableValue(
            "A stored identity could not be decrypted with NEWSROOM_FIELD_KEYS: is a key missing from the list?"
        ) from None


def is_current(token):
    """Whether ``token`` is already encrypted under the first key (nothing for rotation to do)."""
    if not token:
        return True
    _, first, _ = _ciphers(_keys())
    try:
        first.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate(token):
    """``token`` re-encrypted under the first key."""
    if not token:
        return token
    cipher, _, _ = _ciphers(_keys())
    try:
        return cipher.rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise UndecryptableValue("A stored identity could not be decrypted with NEWSROOM_FIELD_KEYS.") from None


# --- Blind index ------------------------------------------------------------------------------------


@sensitive_variables()
def normalise(name):
    """The form a name is indexed and searched in: NFKC, case-folded, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def words(normalised):
    return re.findall(r"\w+", normalised)


@sensitive_variables()
def _digest(index_key, context, text):
    return hmac.new(index_key, f"{context}\x00{text}".encode(), hashlib.sha256).hexdigest()


@sensitive_variables()
def name_index(context, name):
    """``(exact, tokens)`` to store for ``name``: the digest of the whole name and a string of word digests.

    ``context`` (e.g. ``"people.source"``) keeps equal names in two tables from matching each other.
    """
    text = normalise(name)
    if not text:
        return "", ""
    _, _, index_keys = _ciphers(_keys())
    key = index_keys[0]
    tokens = dict.fromkeys(_digest(key, context, word)[:TOKEN_DIGITS] for word in words(text))
    return _digest(key, context, text), f" {' '.join(tokens)} " if tokens else ""


@sensitive_variables()
def name_search_q(context, term, *, by_word=True, exact_field="name_index", tokens_field="name_tokens"):
    """A filter for rows whose indexed name is ``term`` exactly, or (``by_word``) holds every word of it.

    Tried under every configured key, so rows indexed before a key rotation are still found.
    Returns ``None`` for a term with nothing to search.
    """
    text = normalise(term)
    if not text:
        return None
    _, _, index_keys = _ciphers(_keys())
    query = models.Q(**{f"{exact_field}__in": [_digest(key, context, text) for key in index_keys]})
    for key in index_keys if by_word else ():
        word_digests = [_digest(key, context, word)[:TOKEN_DIGITS] for word in words(text)]
        if word_digests:
            every_word = models.Q()
            for digest in word_digests:
                every_word &= models.Q(**{f"{tokens_field}__contains": f" {digest} "})
            query |= every_word
    return query


@sensitive_variables()
def exact_name_digests(context, names):
    """The whole-name digests of each of ``names`` under every configured key (as ``name_index`` stores them).

    Rows whose ``name_index`` is among them bear exactly one of the names; the desk's mention
    scan asks this of a story's word sequences, so no stored name is ever decrypted to compare.
    Keyed once per key and copied per name: thousands of names cost milliseconds.
    """
    _, _, index_keys = _ciphers(_keys())
    # ``normalise``'s own guard costs more per call than the work, and this frame is guarded already.
    texts = {" ".join(unicodedata.normalize("NFKC", name).casefold().split()) for name in names} - {""}
    digests = set()
    for key in index_keys:
        keyed = hmac.new(key, digestmod=hashlib.sha256)
        for text in texts:
            digest = keyed.copy()
            digest.update(f"{context}\x00{text}".encode())
            digests.add(digest.hexdigest())
    return digests


# --- Model fields -----------------------------------------------------------------------------------


class EncryptedMixin:
    """Stores a Fernet token, hands Python the plain text, and refuses lookups the database cannot answer."""

    def get_internal_type(self):
        # A token is about 1.4 × the text plus 73 characters: always an unbounded text column.
        return "TextField"

    @sensitive_variables()
    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    @sensitive_variables()
    def get_prep_value(self, value):
        return encrypt(super().get_prep_value(value))

    def get_lookup(self, lookup_name):
        # A filter on a token would silently match nothing; better an error naming the field.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, name):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A one-line value (a name) stored encrypted. ``max_length`` limits the plain text, not the column."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A multi-line value (contact details, notes) stored encrypted."""
