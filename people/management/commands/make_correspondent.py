from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from people.roles import make_correspondent


class Command(BaseCommand):
    help = "Make an existing user a correspondent: staff, in the Correspondents group, with a byline profile."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", help="Real name for the desk (defaults to the user's full name).")
        parser.add_argument("--base", default="", help='Where they report from, e.g. "Osh".')

    def handle(self, username, name=None, base="", **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                f"No user called {username!r}. Create it first (createsuperuser or the admin)."
            ) from None
        profile = make_correspondent(user, name=name, base_location=base)
        self.stdout.write(self.style.SUCCESS(f"{username} is a correspondent (byline: {profile.public_name})."))
