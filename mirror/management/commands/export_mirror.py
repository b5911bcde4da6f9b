"""``manage.py export_mirror DIR``: write or refresh the static mirror of the live public site."""

import sys

from django.core.management.base import BaseCommand

from mirror.export import export


class Command(BaseCommand):
    help = "Write the live public site into DIR as plain files with relative links (see docs/mirror.md)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder of the mirror; a second run updates it in place.")

    def handle(self, directory, **options):
        shown = options["verbosity"] > 0 and sys.stderr.isatty()

        def progress(stage, done, queued):
            if shown and done % 10 == 0:
                waiting = f", {queued} queued" if queued is not None else ""
                sys.stderr.write(f"\r{stage}: {done} files{waiting}   ")
                sys.stderr.flush()

        summary = export(directory, progress=progress)
        if shown:
            sys.stderr.write("\n")
        for name, status in sorted(summary.missing.items()):
            self.stderr.write(f"not mirrored: {name} ({status})")
        self.stdout.write(
            f"{len(summary.written)} written, {summary.unchanged} unchanged, {len(summary.removed)} removed; "
            f"{summary.files} files, {summary.bytes / 1024 / 1024:.1f} MB, in {summary.seconds:.1f} s"
        )
