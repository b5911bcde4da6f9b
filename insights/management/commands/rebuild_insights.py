"""Recompute the report's facts from the content model: the whole archive, or the stories published since a date."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insights import facts, rollups


class Command(BaseCommand):
    help = "Recompute the insights report's facts (per published story, citation and byline) and monthly totals."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only stories published on or after this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        since = None
        if options["since"]:
            try:
                day = dt.date.fromisoformat(options["since"])
            except ValueError as error:
                raise CommandError(f"--since takes a date, YYYY-MM-DD: {error}") from error
            since = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        started = time.monotonic()

        def progress(done, total):
            if options["verbosity"] >= 1:
                self.stdout.write(f"{done:,} of {total:,} stories ({time.monotonic() - started:.0f} s)")

        count = facts.rebuild(since=since, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"Facts of {count:,} stories recomputed in {time.monotonic() - started:.0f} s.")
        )
        started = time.monotonic()

        def months_done(done, total):
            if options["verbosity"] >= 1:
                self.stdout.write(f"{done:,} of {total:,} months ({time.monotonic() - started:.0f} s)")

        months = rollups.rebuild(since=since, progress=months_done)
        self.stdout.write(
            self.style.SUCCESS(f"Totals of {months:,} months recomputed in {time.monotonic() - started:.0f} s.")
        )
