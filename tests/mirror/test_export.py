"""The static mirror: the live site as relative-linked files, refreshed incrementally, verified offline."""

import json
import posixpath
import re

import pytest
from django.core.management import CommandError, call_command

from articles import workflow
from articles.models import Article
from mirror.export import SEARCH_NOTE, export, file_for
from mirror.verify import verify
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    CountryFactory,
    EditorFactory,
    ImageFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

CONFIDENTIAL_NAME = "Zamira Confidentialova"
WITHHELD_REAL_NAME = "Timur Withheldov"
PSEUDONYM_REAL_NAME = "Gulnara Realnamova"
DRAFT_HEADLINE = "Kyrgyzstan: Draftmarker Ministry Plans Raids"
LINK = re.compile(r'(?:href|src)="([^"]+)"')


@pytest.fixture
def newsroom(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    country = CountryFactory(name="Kyrgyzstan")
    programme = ProgrammeFactory(name="Global Voices")
    regular = CorrespondentFactory(name="Aibek Regular", byline_name="Aibek Regular")
    withheld = CorrespondentFactory(
        name=WITHHELD_REAL_NAME, name_withheld=True, withheld_label="A correspondent in Osh"
    )
    pseudonymous = CorrespondentFactory(name=PSEUDONYM_REAL_NAME, byline_name="Aruuke Pen", is_pseudonym=True)
    confidential = ConfidentialSourceFactory(name=CONFIDENTIAL_NAME, public_descriptor="an official in Bishkek")

    lead = ArticleFactory(
        live=True,
        headline="Kyrgyzstan: Osh Courts Hear Land Cases",
        countries=[country],
        programme=programme,
        tags=["courts"],
        lead_image=ImageFactory(),
    )
    for position, correspondent in enumerate([regular, withheld, pseudonymous]):
        BylineFactory(article=lead, correspondent=correspondent, position=position)
    CitationFactory(article=lead, organisation=OrganisationFactory(name="Osh Legal Aid Centre"))
    CitationFactory(article=lead, source=confidential, organisation=None, role="deputy head")
    CitationFactory(article=lead, source=SourceFactory(name="Cholpon Named"), organisation=None, role="lawyer")
    # Enough stories on one topic for its list to have a second page (in another country, so a
    # story published in Kyrgyzstan does not change their "related stories").
    elsewhere = CountryFactory(name="Tajikistan")
    for n in range(21):
        ArticleFactory(live=True, headline=f"Tajikistan: Harvest Notes {n}", countries=[elsewhere], tags=["harvest"])
    draft = ArticleFactory(headline=DRAFT_HEADLINE, countries=[country], programme=programme, tags=["courts"])
    CitationFactory(article=draft, source=confidential, organisation=None)
    return {"lead": lead, "country": country, "programme": programme, "correspondent": regular}


def files_of(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {"manifest.json"}


def test_export_of_the_live_site_passes_verify_with_every_relative_link_resolving(newsroom, tmp_path):
    root = tmp_path / "mirror"

    summary = export(root)

    assert verify(root) == []
    names = files_of(root)
    assert len(summary.written) == summary.files == len(names)
    lead = newsroom["lead"]
    for expected in [
        "index.html",
        f"{lead.slug}/index.html",
        "countries/kyrgyzstan/index.html",
        "countries/kyrgyzstan/rss/index.xml",
        "programmes/global-voices/atom/index.xml",
        "topics/courts/index.html",
        "correspondents/aibek-regular/index.html",
        "sources/cholpon-named/index.html",
        "feeds/rss/index.xml",
        "feeds/atom/index.xml",
        "sitemap.xml",
        "robots.txt",
        "static/css/site.css",
    ]:
        assert expected in names, expected
    assert any(name.startswith("archive/20") for name in names)
    assert any(name.startswith("topics/harvest/index--") for name in names), "the second page of a list"
    assert any(name.startswith("media/") for name in names), "the lead image"
    # Links are relative and land on files, checked here independently of verify.
    home = (root / "index.html").read_text()
    assert SEARCH_NOTE in home and 'role="search"' not in home
    for name in [n for n in names if n.endswith(".html")]:
        for url in LINK.findall((root / name).read_text()):
            if url.startswith(("http://", "https://", "#")):
                continue
            assert not url.startswith("/"), (name, url)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), url.split("#")[0]))
            assert target in names, (name, url)
    manifest = json.loads((root / "manifest.json").read_text())["files"]
    assert set(manifest) == names
    # Nothing non-live, no confidential or real name, in any byte.
    everything = b"".join((root / name).read_bytes() for name in names).decode(errors="replace").lower()
    for secret in [CONFIDENTIAL_NAME, WITHHELD_REAL_NAME, PSEUDONYM_REAL_NAME, "Draftmarker"]:
        assert secret.lower() not in everything, secret


def test_second_run_rewrites_only_what_a_publication_changed_and_a_withdrawal_removes_the_page(
    newsroom, tmp_path, django_capture_on_commit_callbacks
):
    root = tmp_path / "mirror"
    export(root)
    untouched = root / "topics" / "harvest" / "index.html"
    mtime = untouched.stat().st_mtime_ns

    assert export(root).written == []

    editor = EditorFactory()
    story = ArticleFactory(
        status=Article.Status.APPROVED,
        headline="Kyrgyzstan: Courts Reopen in Osh",
        countries=[newsroom["country"]],
        tags=["courts"],
    )
    BylineFactory(article=story, correspondent=newsroom["correspondent"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(story, by=editor)
    story.refresh_from_db()
    summary = export(root)

    region = newsroom["country"].region.slug
    month = f"archive/{story.publish_at:%Y}/{story.publish_at:%m}/"
    written = set(summary.written)
    print(f"\n{len(written)} files rewritten of {summary.files}: {sorted(written)}")
    # Sitemaps are counted apart: how they are split (an index, sections) is the sitemaps' business.
    sitemaps = {name for name in written if name.split("/")[0].endswith(".xml") and "sitemap" in name}
    assert f"sitemap-articles-{story.publish_at:%Y-%m}.xml" in sitemaps  # the month the story joined

    # Every page is in the mirror in each interface language (English at the root, ru/ and ar/:
    # the crawl follows the language switcher), and a publication changes each language's copy.
    def in_every_language(names):
        return {f"{code}{name}" for code in ("", "ru/", "ar/") for name in names}

    def month_page(name):
        return name.removeprefix("ru/").removeprefix("ar/").startswith(month) and "--" in name

    # Older pages of the month are keyset pages, named by their cursor: one more story moves the cursors.
    month_pages = set(filter(month_page, written))
    assert month_pages, "the month's older pages follow the new story"
    assert written - sitemaps - month_pages == in_every_language(
        {
            f"{story.slug}/index.html",
            f"{newsroom['lead'].slug}/index.html",  # its "related stories" now lead with the new one
            "index.html",
            "archive/index.html",
            f"{month}index.html",
            "feeds/rss/index.xml",
            "feeds/atom/index.xml",
            "feeds/json/index.json",
            *[
                f"{folder}/{name}"
                for folder in [
                    "countries/kyrgyzstan",
                    f"regions/{region}",
                    "topics/courts",
                    "correspondents/aibek-regular",
                ]
                for name in ["index.html", "rss/index.xml", "atom/index.xml"]
            ],
        }
    )
    # Only cursor pages whose cursor no longer exists may go; no story or list page does.
    assert all(month_page(name) for name in summary.removed)
    assert untouched.stat().st_mtime_ns == mtime, "an unchanged file keeps its mtime"
    assert verify(root) == []

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(Article.objects.get(pk=story.pk), by=editor, reason="Legal review of a quote")
    summary = export(root)

    assert in_every_language({f"{story.slug}/index.html"}) <= set(summary.removed)
    assert not (root / story.slug).exists() and not (root / "ar" / story.slug).exists()
    assert verify(root) == []
    assert "Courts Reopen" not in (root / "index.html").read_text()


def test_verify_fails_on_a_broken_link_an_unpublished_headline_and_a_changed_file(newsroom, tmp_path):
    root = tmp_path / "mirror"
    export(root)
    article = root / newsroom["lead"].slug / "index.html"
    article.write_text(article.read_text().replace("</main>", '<a href="../gone/index.html">gone</a></main>'))
    (root / "countries" / "kyrgyzstan" / "index.html").write_text(f"<p>{DRAFT_HEADLINE}</p>")
    (root / "planted.html").write_text('<a href="/absolute/">x</a>')

    problems = verify(root)

    assert any("gone/index.html" in p and "leads to no file" in p for p in problems), problems
    assert any("Draftmarker".lower() in p for p in problems), problems
    assert any(p.startswith("countries/kyrgyzstan/index.html: does not match") for p in problems), problems
    assert any(p.startswith("planted.html: in the mirror but not in the manifest") for p in problems), problems
    assert any("'/absolute/' is not relative" in p for p in problems), problems
    with pytest.raises(CommandError, match="problem"):
        call_command("verify_mirror", str(root))


def test_verify_fails_on_the_page_of_an_article_that_is_no_longer_live(newsroom, tmp_path):
    root = tmp_path / "mirror"
    export(root)
    Article.objects.filter(pk=newsroom["lead"].pk).update(status=Article.Status.WITHDRAWN)

    problems = verify(root)

    assert f"{newsroom['lead'].slug}/: page of an article that is not live" in problems
    assert any("osh courts hear land cases" in p for p in problems), "its headline is no longer public"


def test_export_command_prints_a_summary(newsroom, tmp_path, capsys):
    call_command("export_mirror", str(tmp_path / "mirror"))
    call_command("verify_mirror", str(tmp_path / "mirror"))

    out = capsys.readouterr().out
    assert re.search(r"\d+ written, 0 unchanged, 0 removed; \d+ files", out)
    assert "shows only live content" in out


@pytest.mark.parametrize(
    ("address", "content_type", "name"),
    [
        ("/", "text/html", "index.html"),
        ("/osh-courts/", "text/html", "osh-courts/index.html"),
        ("/topics/harvest/?page=2", "text/html", "topics/harvest/index--page-2.html"),
        ("/feeds/rss/", "application/rss+xml", "feeds/rss/index.xml"),
        ("/feeds/json/", "application/feed+json", "feeds/json/index.json"),
        ("/sitemap.xml", "application/xml", "sitemap.xml"),
        ("/sitemap.xml?p=2", "application/xml", "sitemap--p-2.xml"),
    ],
)
def test_addresses_become_files_by_one_rule(address, content_type, name):
    assert file_for(address, content_type) == name


def test_a_cursor_query_becomes_a_safe_file_name():
    name = file_for("/countries/kyrgyzstan/?before=2026-11-28T10:00:00+00:00/../x", "text/html")

    assert name.startswith("countries/kyrgyzstan/index--before-2026-11-28T10-00-00-00-00-")
    assert name.endswith(".html") and name.count("/") == 2, "the query never adds a folder"


def test_a_translation_group_is_mirrored_with_relative_version_links_and_no_unpublished_version(
    newsroom, tmp_path, django_capture_on_commit_callbacks
):
    lead = newsroom["lead"]
    russian = ArticleFactory(live=True, translation_of=lead, language="ru", headline="Кыргызстан: суды Оша")
    draft = ArticleFactory(translation_of=lead, language="ar", headline="Kyrgyzstan: Draftmarker Arabic Version")
    root = tmp_path / "mirror"

    export(root)

    assert verify(root) == []
    english_file = f"{lead.slug}/index.html"
    russian_file = file_for(russian.get_canonical_url(), "text/html")
    english, translated = (root / english_file).read_text(), (root / russian_file).read_text()
    for name, page, other in [(english_file, english, russian_file), (russian_file, translated, english_file)]:
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
        relative = posixpath.relpath(other, posixpath.dirname(name))
        assert set(alternates) == {"en", "ru", "x-default"}, name
        assert relative in alternates.values(), name
        assert all(not href.startswith(("/", "http")) for href in alternates.values()), name
        assert f'<a href="{relative}" lang=' in page, "the Also in line links the mirror's copy"
    assert (
        draft.get_canonical_url() not in english
        and draft.get_absolute_url() not in english
        and "Draftmarker" not in english
    )

    editor = EditorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(Article.objects.get(pk=russian.pk), by=editor, reason="A quote is being checked")
    summary = export(root)

    assert russian_file in summary.removed and english_file in summary.written
    assert "hreflang" not in (root / english_file).read_text().split("</head>")[0], "a lone version links none"
    assert verify(root) == []
