from django.apps import AppConfig


class SafetextConfig(AppConfig):
    name = "safetext"
    verbose_name = "safe text"

    def ready(self):
        from safetext.validators import attach_to_project_models

        attach_to_project_models()
