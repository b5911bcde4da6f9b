from django.apps import AppConfig

from people import encryption


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"

    def ready(self):
        # A malformed key stops start-up here, not at the first page that opens an identity.
        encryption.check_keys()
