"""Make the responsive renditions every image should have and does not yet (demo, bulk import,
or catching up after the worker was down). Safe to repeat: existing renditions are kept."""

from django.core.management.base import BaseCommand

from images.models import Image
from images.renditions import make_renditions, renditions_for


class Command(BaseCommand):
    help = "Make missing image renditions now, or queue them for the worker with --queue."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue one task per image instead of working here.")

    def handle(self, *args, queue=False, **options):
        images = Image.objects.prefetch_related("renditions").order_by("pk")
        count = 0
        for image in images.iterator(chunk_size=200):
            if queue:
                make_renditions.enqueue(image.pk)
            else:
                renditions_for(image)
            count += 1
        verb = "Queued renditions for" if queue else "Renditions ready for"
        self.stdout.write(f"{verb} {count} image(s).")
