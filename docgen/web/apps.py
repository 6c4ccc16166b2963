from __future__ import annotations

from django.apps import AppConfig


class DocgenWeb(AppConfig):
    name = "docgen.web"
    label = "web"
    verbose_name = "docgen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from docgen.web.access import remember_epoch

        user_logged_in.connect(remember_epoch, dispatch_uid="docgen-session-epoch")
