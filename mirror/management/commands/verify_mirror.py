"""``manage.py verify_mirror DIR``: check a mirror offline; exit 1 with the list of problems."""

from django.core.management.base import BaseCommand, CommandError

from mirror.verify import verify


class Command(BaseCommand):
    help = "Check a static mirror: links resolve, the manifest matches, nothing non-live appears."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        problems = verify(directory)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the mirror at {directory}")
        self.stdout.write(f"The mirror at {directory} is complete and shows only live content.")
