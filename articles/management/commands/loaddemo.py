"""Load the demo newsroom (``articles/demo/``): idempotent, fast, and safe to run on every start."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import revisions, workflow
from articles.demo import histories, newsroom, pictures, stories, translations
from articles.models import (
    Article,
    Byline,
    Citation,
    Correction,
    Country,
    Programme,
    Region,
    Revision,
    WorkflowEvent,
)
from images.models import Image
from images.uploads import clean_upload
from people.models import Affiliation, Correspondent, Organisation, Source

#: For local demo logins only; printed by the command. Never created in production unless asked for.
DEMO_PASSWORD = "newsroom-demo"  # noqa: S105
DEMO_CREDIT = "Illustration: Newsroom demo"
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)

S = Article.Status
#: The status each demo state is stored with.
STATUS = {
    "draft": S.DRAFT,
    "submitted": S.SUBMITTED,
    "returned": S.RETURNED,
    "approved": S.APPROVED,
    "live": S.PUBLISHED,
    "scheduled": S.PUBLISHED,
    "withdrawn": S.WITHDRAWN,
}


#: Functions ``load(users, *, now)`` that apps above ``articles`` register to add their own demo records
#: once the stories exist (``insights``: justifications and sign-offs for the unnamed sources).
_extensions = []


def after_loading(load):
    """Register ``load(users, *, now)`` to run at the end of every ``loaddemo``, in its transaction."""
    if load not in _extensions:
        _extensions.append(load)
    return load


def demo_slug(headline):
    return slugify(headline, allow_unicode=True)[:100].strip("-")


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: regions, countries, programmes, correspondents, organisations, sources and "
        "30 articles in every workflow state, and translations of some of them into Russian and Arabic. "
        "Running it again changes nothing that already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-logins",
            action="store_true",
            help="Create the demo logins (admin, editor, correspondent) even when DEBUG is off.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo articles first and load them afresh (undoes edits made to them).",
        )

    def handle(self, *args, with_logins=False, reset=False, **options):
        self.now = timezone.now()
        want_logins = settings.DEBUG or with_logins
        with transaction.atomic():
            users = self.load_logins() if want_logins else {}
            self.load_taxonomy()
            self.load_people(users)
            created = self.load_articles(users, reset=reset)
            self.refresh_schedule()
            if users:
                self.credit_events(users)
            for load in _extensions:
                load(users, now=self.now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {created} article(s) added, {Article.objects.count()} in total "
                f"({Article.objects.live().count()} live). The people quoted are fictional."
            )
        )
        if users:
            self.stdout.write("Demo logins (local use only), password for each: " + DEMO_PASSWORD)
            self.stdout.write("  admin          superuser")
            self.stdout.write("  editor         member of Editors")
            self.stdout.write("  correspondent  member of Correspondents, bylined as Aigerim Tokonova")

    # --- Logins -------------------------------------------------------------------------------------

    def load_logins(self):
        User = get_user_model()
        specs = {
            "admin": {"first_name": "Site", "last_name": "Administrator", "is_superuser": True, "group": None},
            "editor": {"first_name": "Madina", "last_name": "Karimova", "is_superuser": False, "group": "Editors"},
            "correspondent": {
                "first_name": "Aigerim",
                "last_name": "Tokonova",
                "is_superuser": False,
                "group": "Correspondents",
            },
        }
        users = {}
        for username, spec in specs.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@newsroom.localhost",
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "is_staff": True,
                    "is_superuser": spec["is_superuser"],
                },
            )
            if created:
                # Only on creation, so a password changed during a demo survives the next `make run`.
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if spec["group"]:
                # The groups and their permissions come from a data migration; here we only join them.
                user.groups.add(Group.objects.get_or_create(name=spec["group"])[0])
            users[username] = user
        return users

    # --- Taxonomy and people ------------------------------------------------------------------------

    def load_taxonomy(self):
        self.regions = {
            name: Region.objects.get_or_create(name=name, defaults={"description": text})[0]
            for name, text in newsroom.REGIONS
        }
        self.countries = {}
        for name, iso, region, text in newsroom.COUNTRIES:
            self.countries[iso] = Country.objects.get_or_create(
                iso_code=iso, defaults={"name": name, "region": self.regions[region], "description": text}
            )[0]
        self.programmes = {
            name: Programme.objects.get_or_create(name=name, defaults={"description": text})[0]
            for name, text in newsroom.PROGRAMMES
        }

    def load_people(self, users):
        self.correspondents = {}
        for key, spec in newsroom.CORRESPONDENTS.items():
            fields = {k: v for k, v in spec.items() if k not in {"name", "portrait"}}
            # Real names are stored encrypted: found again through their blind index.
            correspondent = Correspondent.objects.named(spec["name"]).first()
            created = correspondent is None
            if created:
                correspondent = Correspondent.objects.create(name=spec["name"], **fields)
            if created and spec["portrait"]:
                content, _size = clean_upload(
                    ContentFile(pictures.draw_portrait(spec["portrait"]), name="portrait.png")
                )
                correspondent.photo.save(content.name, content, save=True)
            self.correspondents[key] = correspondent
        linked = self.correspondents["aigerim"]
        if "correspondent" in users and linked.user_id is None:
            linked.user = users["correspondent"]
            linked.save(update_fields=["user"])

        self.organisations = {}
        for key, (name, acronym, aliases, kind, iso, website, text) in newsroom.ORGANISATIONS.items():
            self.organisations[key] = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "acronym": acronym,
                    "aliases": aliases,
                    "kind": kind,
                    "country": self.countries[iso] if iso else None,
                    "website": website,
                    "description": text,
                },
            )[0]

        self.sources = {}
        for key, (name, description, descriptor, affiliations) in newsroom.SOURCES.items():
            source = Source.objects.named(name).first()
            created = source is None
            if created:
                source = Source.objects.create(
                    name=name,
                    description=description,
                    confidential=bool(descriptor),
                    public_descriptor=descriptor,
                    added_by=users.get("correspondent") if descriptor else None,
                )
            if created:
                for org_key, role, year in affiliations:
                    Affiliation.objects.create(
                        source=source, organisation=self.organisations[org_key], role=role,
                        start_date=dt.date(year, 1, 1),
                    )  # fmt: skip
            self.sources[key] = source

    # --- Articles -----------------------------------------------------------------------------------

    def load_articles(self, users, *, reset):
        specs = stories.ARTICLES + [self.translation_spec(spec) for spec in translations.TRANSLATIONS]
        slugs = [demo_slug(spec["headline"]) for spec in specs]
        if reset:
            # Translations first: an original with translations is protected from deletion.
            Article.objects.filter(slug__in=slugs, translation_of__isnull=False).delete()
            Article.objects.filter(slug__in=slugs).delete()
        existing = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        created = 0
        for seed, (spec, slug) in enumerate(zip(specs, slugs, strict=True)):
            if slug not in existing:
                self.create_article(spec, slug, seed, users)
                created += 1
        return created

    @staticmethod
    def translation_spec(translation):
        """A translation filed as its original is (countries, programme, topics), live, with its own words."""
        original = next(spec for spec in stories.ARTICLES if spec["headline"] == translation["translation_of"])
        return {**original, "state": "live", "corrections": [], "note": "", **translation}

    def create_article(self, spec, slug, seed, users):
        state, days = spec["state"], spec["days"]
        times = self.timeline(state, days, seed)
        author = users.get("correspondent") if spec["bylines"][0] == "aigerim" else None
        original = None
        if "translation_of" in spec:
            original = Article.objects.get(slug=demo_slug(spec["translation_of"]))
        if original is not None:
            lead_image = original.lead_image
        else:
            lead_image = self.lead_image(spec, seed) if spec.get("image", True) else None
        article = Article.objects.create(
            slug=slug,
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            body=spec["body"],
            language=spec["language"],
            programme=self.programmes[spec["programme"]],
            lead_image=lead_image,
            translation_of=original,
            original_version=original.version - spec.get("versions_behind", 0) if original else None,
            status=STATUS[state],
            created_by=author,
            created_at=times["create"],
            submitted_at=times.get("submit"),
            publish_at=times.get("publish"),
            first_published_at=times.get("publish") if state in {"live", "withdrawn"} else None,
            withdrawn_at=times.get("withdraw"),
        )
        article.countries.set([self.countries[iso] for iso in spec["countries"]])
        article.tags.set(spec["tags"])
        # Bulk inserts send no signals; the article's own save above already made the public cache stale.
        credits = [(key, Byline.Role.AUTHOR) for key in spec["bylines"]]
        credits += [(key, Byline.Role.TRANSLATOR) for key in spec.get("translators", [])]
        author_lines = {**newsroom.AUTHOR_LINES, **spec.get("author_lines", {})}
        Byline.objects.bulk_create(
            Byline(
                article=article,
                correspondent=self.correspondents[key],
                position=position,
                role=role,
                author_line=author_lines[key],
            )
            for position, (key, role) in enumerate(credits)
        )
        Citation.objects.bulk_create(
            Citation(
                article=article,
                source=self.sources[source] if source else None,
                organisation=self.organisations[organisation] if organisation else None,
                role=role,
                quote=quote,
                is_anonymous=bool(descriptor),
                descriptor=descriptor,
                position=position,
            )
            for position, (source, organisation, role, quote, descriptor) in enumerate(spec["citations"])
        )
        Correction.objects.bulk_create(
            Correction(article=article, kind=kind, note=note, published_at=times["publish"] + after * DAY)
            for kind, note, after in spec.get("corrections", [])
        )
        if users and spec["headline"] in histories.HISTORIES:
            self.play_history(article, spec, times, users)
        else:
            self.record_history(article, state, times, spec.get("note", ""), users)
        if spec["headline"] in translations.UPDATED:
            self.record_update(article, spec, times, users)
        last = max(times.values())
        Article.objects.filter(pk=article.pk).update(
            updated_at=min(last, self.now), public_updated_at=self.public_update(spec, times)
        )

    def timeline(self, state, days, seed):
        """When each step happened, so the desk shows a believable history."""
        if state in {"live", "withdrawn"}:
            # Stories go out during the working day, not at the minute the demo happened to load.
            day = (self.now - days * DAY).date()
            publish = dt.datetime.combine(day, dt.time(7 + seed % 9, (seed * 17) % 60), tzinfo=dt.UTC)
            times = {"create": publish - 3 * DAY, "submit": publish - 2 * DAY, "approve": publish - DAY - 4 * HOUR,
                     "publish": publish}  # fmt: skip
            if state == "withdrawn":
                times["withdraw"] = publish + 6 * HOUR
            return times
        if state == "scheduled":
            return {"create": self.now - 4 * DAY, "submit": self.now - 3 * DAY, "approve": self.now - 2 * DAY,
                    "schedule": self.now - DAY, "publish": self.scheduled_time(days)}  # fmt: skip
        start = self.now - days * DAY
        steps = {"draft": ["create"], "submitted": ["create", "submit"], "returned": ["create", "submit", "return"],
                 "approved": ["create", "submit", "approve"]}[state]  # fmt: skip
        return {step: start + i * (days * DAY / (len(steps) + 1)) for i, step in enumerate(steps)}

    def scheduled_time(self, days):
        """A scheduled demo story stays ahead of now: at 09:00 UTC, ``days`` days from today."""
        day = (self.now + days * DAY).date()
        return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)

    @staticmethod
    def public_update(spec, times):
        corrections = spec.get("corrections", [])
        return times["publish"] + max(after for *_, after in corrections) * DAY if corrections else None

    def record_history(self, article, state, times, note, users):
        author = users.get("correspondent") if article.created_by_id else None
        editor = users.get("editor")
        # (step in the timeline, action as articles.workflow names it, from, to, actor, comment)
        steps = [
            ("create", "create", "", S.DRAFT, author, ""),
            ("submit", "submit", S.DRAFT, S.SUBMITTED, author, ""),
            ("return", "return", S.SUBMITTED, S.RETURNED, editor, note),
            ("approve", "approve", S.SUBMITTED, S.APPROVED, editor, ""),
            ("schedule", "publish", S.APPROVED, S.PUBLISHED, editor, ""),
            ("publish", "publish", S.APPROVED, S.PUBLISHED, editor, ""),
            ("withdraw", "withdraw", S.PUBLISHED, S.WITHDRAWN, editor, note),
        ]
        WorkflowEvent.objects.bulk_create(
            WorkflowEvent(
                article=article,
                actor=actor,
                action=action,
                from_status=from_status,
                to_status=to_status,
                comment=comment,
                publish_at=times["publish"] if action == "publish" else None,
                created_at=times[step],
            )
            for step, action, from_status, to_status, actor, comment in steps
            if step in times and not (step == "publish" and state == "scheduled")
        )

    def play_history(self, article, spec, times, users):
        """Earlier drafts, a return with a note and a resubmission, through the desk's own code, then
        dated back across the story's timeline (the steps ran just now)."""
        author, editor = users["correspondent"], users["editor"]
        final = revisions.snapshot(article)
        plan = histories.HISTORIES[spec["headline"]]
        Article.objects.filter(pk=article.pk).update(status=S.DRAFT, submitted_at=None)
        article.refresh_from_db()
        for n, (step, detail) in enumerate(plan):
            if step == "save":
                if n:
                    article.version += 1
                revisions.apply(article, self.draft(final, detail))
                revisions.record_revision(article, by=author, comment="Edited" if n else "Created")
            elif step == "submit":
                workflow.submit(article, by=author)
            elif step == "return":
                workflow.return_to_author(article, by=editor, note=detail or spec["note"])
        # The demo sends no mail: its outbox rows go, so the queued deliveries find nothing to send.
        article.notifications.all().delete()
        # Each step's event takes the time of the revision it recorded.
        start, end = times["create"], min(max(times.values()), self.now)
        saved = list(article.revisions.order_by("version"))
        gap = (end - start) / max(len(saved) - 1, 1)
        when = {revision.pk: start + i * gap for i, revision in enumerate(saved)}
        for event in article.events.all():
            recorded = next((r for r in saved if r.created_at >= event.created_at), saved[-1])
            WorkflowEvent.objects.filter(pk=event.pk).update(created_at=when[recorded.pk])
        for revision in saved:
            Revision.objects.filter(pk=revision.pk).update(created_at=when[revision.pk])
        submits = article.events.filter(action="submit").order_by("-created_at")
        if submits:
            Article.objects.filter(pk=article.pk).update(submitted_at=submits[0].created_at)

    def record_update(self, article, spec, times, users):
        """The story as first published (version 1) and as updated after (version 2), as the desk
        keeps them: its translations made before the update follow version 1."""
        update = translations.UPDATED[spec["headline"]]
        editor = users.get("editor")
        final = revisions.snapshot(article)
        paragraphs = final["body"].split("</p>")[:-1]
        first = {
            **final,
            "body": "".join(paragraphs[i] + "</p>" for i in update["paragraphs"]),
            "citations": [final["citations"][i] for i in update["citations"]],
            "corrections": [],
        }
        updated_at = self.public_update(spec, times)
        Revision.objects.bulk_create(
            [
                Revision(
                    article=article,
                    version=1,
                    data=first,
                    created_by=editor,
                    created_at=times["publish"],
                    comment="Published",
                ),
                Revision(
                    article=article,
                    version=2,
                    data=final,
                    created_by=editor,
                    created_at=updated_at,
                    comment=update["comment"],
                ),
            ]  # fmt: skip
        )
        Article.objects.filter(pk=article.pk).update(version=2)
        article.version = 2

    @staticmethod
    def draft(final, detail):
        """The revision data of an earlier draft: the final story with ``detail``'s changes."""
        data = {**final, **{k: v for k, v in detail.items() if k in revisions.TEXT_FIELDS}}
        if "paragraphs" in detail:
            paragraphs = final["body"].split("</p>")[: detail["paragraphs"]]
            data["body"] = "</p>".join(paragraphs) + "</p>"
        if "citations" in detail:
            data["citations"] = final["citations"][: detail["citations"]]
        return data

    def lead_image(self, spec, seed):
        caption = f"Illustration for “{spec['headline']}”."
        image = Image.objects.filter(credit=DEMO_CREDIT, caption=caption).first()
        if image is None:
            content, _size = clean_upload(ContentFile(pictures.draw_landscape(seed), name="lead.jpg"))
            image = Image.objects.create(
                file=content,
                alt_text=pictures.landscape_alt(seed),
                caption=caption,
                credit=DEMO_CREDIT,
            )
        return image

    def refresh_schedule(self):
        """Keep the scheduled demo stories in the future however long ago the demo was loaded."""
        for spec in stories.ARTICLES:
            if spec["state"] != "scheduled":
                continue
            article = Article.objects.filter(slug=demo_slug(spec["headline"]), status=S.PUBLISHED).first()
            if article is not None and article.publish_at <= self.now:
                new_time = self.scheduled_time(spec["days"])
                Article.objects.filter(pk=article.pk).update(publish_at=new_time)
                article.events.filter(action="publish").update(publish_at=new_time)

    def credit_events(self, users):
        """Events recorded before the demo logins existed get their actors once the logins do."""
        slugs = [demo_slug(spec["headline"]) for spec in stories.ARTICLES + translations.TRANSLATIONS]
        events = WorkflowEvent.objects.filter(article__slug__in=slugs, actor=None)
        events.exclude(action__in=["create", "submit"]).update(actor=users["editor"])
        events.filter(
            action__in=["create", "submit"], article__bylines__correspondent__user=users["correspondent"]
        ).update(actor=users["correspondent"])
