"""Every word of ours on the desk is translated in Russian and Arabic, in the compiled catalogues the site loads.

The desk's strings are extracted afresh from its sources with GNU xgettext (templates through
Django's own ``templatize``, as ``makemessages`` does), so a string marked tomorrow and not
translated fails here. Skipped only where GNU gettext is not installed.
"""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["ru", "ar"]

#: The desk's own sources: the admin and its pages, the workflow and its messages, the models'
#: labels, the validation the desk's forms run, and the desk's scripts.
DESK_PYTHON = [
    "newsroom/urls.py",
    "articles/admin/*.py",
    "articles/workflow.py",
    "articles/forms.py",
    "articles/models.py",
    "articles/revisions.py",
    "articles/notifications.py",
    "articles/previews.py",
    "articles/stash.py",
    "articles/autosave.py",
    "articles/figures.py",
    "people/admin.py",
    "people/models.py",
    "people/organisations.py",
    "images/admin.py",
    "images/forms.py",
    "images/models.py",
    "images/uploads.py",
    "images/widgets.py",
    "insights/admin.py",
    "insights/forms.py",
    "insights/models.py",
    "insights/views.py",
    "api/admin.py",
    "api/models.py",
    "audit/admin.py",
    "audit/models.py",
    "accounts/*.py",
    "safetext/validators.py",
]
DESK_TEMPLATES = [
    "templates/admin/**/*.html",
    "templates/accounts/*.html",
    "templates/insights/article_panel.html",
    "templates/insights/citation_governance.html",
    "templates/insights/desk_link.html",
    "templates/insights/mentions_list.html",
    "templates/insights/report.html",
    "templates/insights/report_figure.html",
    "templates/insights/sign_off_queue.html",
]
DESK_SCRIPTS = ["static/admin-newsroom/*.js", "static/insights/mentions.js"]

# The keywords makemessages gives xgettext, besides its defaults (gettext, ngettext, _).
KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]

XGETTEXT, MSGFMT = shutil.which("xgettext"), shutil.which("msgfmt")

pytestmark = pytest.mark.skipif(XGETTEXT is None or MSGFMT is None, reason="GNU gettext is not installed")


def files(patterns):
    found = sorted({path for pattern in patterns for path in ROOT.glob(pattern)})
    assert found, patterns
    return found


def xgettext(paths, language):
    result = subprocess.run(  # noqa: S603 (our own files, a fixed tool)
        [XGETTEXT, f"--language={language}", *KEYWORDS, "--from-code=UTF-8", "--output=-", *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def messages(pot):
    """(msgid, msgid_plural or None) of every entry in ``pot`` text, the header left out."""
    found = []
    for block in pot.split("\n\n"):
        fields = {}
        key = None
        for line in block.splitlines():
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                key = match[1]
                fields[key] = ast.literal_eval(match[2])
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            found.append((fields["msgid"], fields.get("msgid_plural")))
    return found


@pytest.fixture(scope="module")
def desk_messages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk-templates")
    templatized = []
    for path in files(DESK_TEMPLATES):
        target = folder / (path.relative_to(ROOT).as_posix().replace("/", "__") + ".py")
        target.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
        templatized.append(target)
    pot = xgettext(files(DESK_PYTHON), "Python") + xgettext(templatized, "Python")
    scripts = xgettext(files(DESK_SCRIPTS), "JavaScript")
    return {"django": set(messages(pot)), "djangojs": set(messages(scripts))}


def catalogue(language, domain):
    with (ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_desk_string_is_translated(desk_messages, language, domain):
    compiled = catalogue(language, domain)
    forms = int(re.search(r"nplurals=(\d+)", compiled.info()["plural-forms"])[1])
    missing = []
    for msgid, plural in sorted(desk_messages[domain]):
        if plural is None:
            translated = compiled._catalog.get(msgid)
        else:
            translated = all(compiled._catalog.get((msgid, n)) for n in range(forms))
        if not translated:
            missing.append(msgid)
    assert desk_messages[domain], "no desk strings found: the extraction is broken"
    assert missing == [], f"{len(missing)} desk strings without a {language} translation in {domain}.mo"


def test_plural_forms_are_the_languages_own():
    assert catalogue("ru", "django").info()["plural-forms"].startswith("nplurals=3;")
    assert catalogue("ar", "django").info()["plural-forms"].startswith("nplurals=6;")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalogues_compile_cleanly_without_fuzzy_entries(language, domain):
    source = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    assert "#, fuzzy" not in source.read_text(encoding="utf-8")
    subprocess.run([MSGFMT, "--check", "--output-file=/dev/null", str(source)], check=True)  # noqa: S603
