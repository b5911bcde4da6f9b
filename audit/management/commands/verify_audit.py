"""``manage.py verify_audit``: check the audit trail's hash chain from its first entry."""

from django.core.management.base import BaseCommand, CommandError

from audit.log import verify


class Command(BaseCommand):
    help = "Check every audit entry against the hash chain and report the first broken link."

    def handle(self, *args, **options):
        checked, broken = verify()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at entry {broken.pk} ({broken.created_at:%Y-%m-%d %H:%M:%S}, "
                f"{broken.get_action_display()}): it was changed, or an entry before it was removed, "
                f"after it was written. {checked} entries before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {checked} entries checked."))
