"""Count the published stories of every month again, and reinstall the trigger that keeps the counts.

The trigger (``articles.months``) keeps ``ArchiveMonth`` exact by itself; this is for repairs:
after ``settings.TIME_ZONE`` changed (the months are calendar months in that zone), after a
restore without the table, or after rows were written with triggers off.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from articles import months
from articles.models import ArchiveMonth


class Command(BaseCommand):
    help = "Recount the published stories per month (PostgreSQL) for the archive page and the sitemap index."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to count: on SQLite the archive groups the articles directly.")
            return
        started = time.monotonic()
        months.install()
        months.recount()
        self.stdout.write(
            f"Counted {ArchiveMonth.objects.count()} months in {time.monotonic() - started:.1f} s "
            f"(time zone {months.zone()})."
        )
