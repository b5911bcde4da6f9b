"""Make a partner API key from the shell (deployments, demos, smoke tests); prints it once."""

from django.core.management.base import BaseCommand

from api import keys


class Command(BaseCommand):
    help = "Make a partner API key and print it once. Only its SHA-256 is kept; revoke it in the desk."

    def add_arguments(self, parser):
        parser.add_argument("partner", help='Who holds the key, e.g. "Eurasia Wire".')
        parser.add_argument("--rate-limit", type=int, default=60, help="Requests per minute (default 60).")

    def handle(self, *args, partner, rate_limit, **options):
        if rate_limit < 1:
            self.stderr.write("The rate limit is at least one request a minute.")
            raise SystemExit(2)
        key, token = keys.issue(partner=partner, rate_limit=rate_limit, note="Made with issue_api_key.", by=None)
        self.stderr.write(f"Key {key.prefix}… for {partner}, {rate_limit} requests a minute. Shown once:")
        self.stdout.write(token)
