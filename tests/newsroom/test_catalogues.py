"""The translation catalogues: every public string is translated in Russian and Arabic, and the
compiled ``.mo`` files say what their ``.po`` files say.

The public strings are found as ``make messages`` finds them: Django's ``makemessages`` run over a
copy of the public site's own sources (templates and Python), so a string added to a public page
without a translation fails here. These tests need GNU gettext (``xgettext``, ``msgfmt``), which
CI installs; without it they are skipped, saying why.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
#: Languages with a catalogue, and how many plural forms each has.
PLURAL_FORMS = {"ru": 3, "ar": 6}
#: What readers see: every template and module of the public site (not the desk's).
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/404.html",
    "templates/410.html",
    "templates/500.html",
    "templates/503.html",
    "templates/403_csrf.html",
    "templates/articles/*.html",
    "templates/includes/*.html",
    "templates/people/*.html",
    "templates/sitemaps/*.xml",
    "templates/insights/policy_detail.html",
    "templates/insights/correction_list.html",
    "templates/insights/footer_links.html",
    "templates/insights/unnamed_sources_link.html",
    "articles/views.py",
    "articles/feeds.py",
    "articles/listings.py",
    "articles/search.py",
    "articles/models.py",
    "articles/templatetags/newsroom.py",
    "people/models.py",
    "insights/public_views.py",
    "insights/templatetags/insights_public.py",
    "api/feeds.py",
)

needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgfmt")),
    reason="GNU gettext (xgettext, msgfmt) is not installed: apt-get install gettext (make browser-deps does)",
)

_STRING = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')


def _unquote(text):
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


def read_po(path):
    """The entries of a ``.po`` file: {(context, msgid): {"plural": bool, "strings": [...], "fuzzy": bool}}."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, current, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#~"):  # an obsolete entry is no entry
                fields = {}
                break
            elif match := _STRING.match(line):
                current = match[1]
                fields[current] = _unquote(match[2])
            elif line.startswith('"') and current:
                fields[current] += _unquote(line[1:-1])
        if fields.get("msgid"):
            strings = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
            entries[(fields.get("msgctxt"), fields["msgid"])] = {
                "plural": "msgid_plural" in fields,
                "strings": strings,
                "fuzzy": fuzzy,
            }
    return entries


@pytest.fixture(scope="module")
def public_entries(tmp_path_factory):
    """The msgids of the public sources, extracted by ``makemessages`` from a copy of just those files."""
    copy = tmp_path_factory.mktemp("public-sources")
    for pattern in PUBLIC_SOURCES:
        found = list(ROOT.glob(pattern))
        assert found, f"{pattern} matches no file: keep PUBLIC_SOURCES in step with the code"
        for source in found:
            target = copy / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    (copy / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[copy / "locale"]):
        patch.chdir(copy)  # makemessages reads the tree it is run in
        call_command("makemessages", locale=["ru"], no_location=True, verbosity=0)
    entries = read_po(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100, "makemessages found suspiciously few public strings"
    return entries


@needs_gettext
@pytest.mark.parametrize("language", sorted(PLURAL_FORMS))
def test_every_public_string_is_translated_and_not_fuzzy(public_entries, language):
    catalogue = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")

    missing = sorted(key[1] for key in public_entries if key not in catalogue)
    untranslated = sorted(
        key[1]
        for key in public_entries
        if key in catalogue and (catalogue[key]["fuzzy"] or not all(catalogue[key]["strings"]))
    )
    wrong_forms = sorted(
        key[1]
        for key, entry in public_entries.items()
        if entry["plural"] and key in catalogue and len(catalogue[key]["strings"]) != PLURAL_FORMS[language]
    )

    assert missing == [], f"not in locale/{language}: run `make messages` and translate them"
    assert untranslated == [], f"untranslated or fuzzy in locale/{language}"
    assert wrong_forms == [], f"plurals need {PLURAL_FORMS[language]} forms in {language}"


@needs_gettext
@pytest.mark.parametrize("language", sorted(PLURAL_FORMS))
def test_catalogue_compiles_cleanly_and_the_committed_mo_is_up_to_date(tmp_path, language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"

    # --check: placeholders agree between msgid and msgstr, the header and plural formula are sound.
    msgfmt = shutil.which("msgfmt")
    subprocess.run([msgfmt, "--check", "-o", fresh, po], check=True, capture_output=True)  # noqa: S603 (our own files)

    with fresh.open("rb") as compiled, (po.with_suffix(".mo")).open("rb") as committed:
        fresh_catalogue = gettext.GNUTranslations(compiled)._catalog
        committed_catalogue = gettext.GNUTranslations(committed)._catalog
    assert committed_catalogue == fresh_catalogue, f"locale/{language}: run `make compilemessages` and commit the .mo"


@needs_gettext
def test_catalogues_declare_their_plural_forms():
    for language, forms in PLURAL_FORMS.items():
        header = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        assert f"nplurals={forms};" in header.replace(" ", ""), language
        assert f'"Language: {language}\\n"' in header
