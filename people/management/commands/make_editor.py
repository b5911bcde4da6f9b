from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from people.roles import make_editor


class Command(BaseCommand):
    help = "Make an existing user an editor: staff and in the Editors group."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                f"No user called {username!r}. Create it first (createsuperuser or the admin)."
            ) from None
        make_editor(user)
        self.stdout.write(self.style.SUCCESS(f"{username} is an editor."))
