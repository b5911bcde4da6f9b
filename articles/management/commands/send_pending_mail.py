"""Queue every workflow e-mail still waiting in the outbox whose time has come.

Delivery is queued when a step commits; this catches mail whose queueing was lost (the process
died between the commit and the queue, or the queue was emptied). Safe to run at any time:
a notification is sent at most once.
"""

from django.core.management.base import BaseCommand

from articles.notifications import send_pending


class Command(BaseCommand):
    help = "Queue delivery of every pending workflow e-mail that is due."

    def handle(self, *args, **options):
        count = send_pending()
        self.stdout.write(f"Queued {count} notification(s).")
