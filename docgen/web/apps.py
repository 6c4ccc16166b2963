from __future__ import annotations

from django.apps import AppConfig


class DocgenWeb(AppConfig):
    name = "docgen.web"
    label = "web"
    verbose_name = "docgen"
    default_auto_field = "django.db.models.BigAutoField"
