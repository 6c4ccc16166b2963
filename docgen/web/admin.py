"""The administrator's pages (Django admin, in Vietnamese): people and their roles and units,
which roles see secret documents, and the access log, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

from docgen.web.models import AccessEvent, Member, RoleAccess

admin.site.site_header = "docgen — quản trị"
admin.site.site_title = "docgen"
admin.site.index_title = "Người dùng, vai trò và nhật ký"
admin.site.unregister(Group)


class MemberInline(admin.StackedInline):
    model = Member
    can_delete = False
    verbose_name_plural = "vai trò và đơn vị"


class PersonAdmin(UserAdmin):
    inlines = (MemberInline,)
    list_display = ("username", "first_name", "last_name", "is_active", "role", "unit")

    @admin.display(description="vai trò")
    def role(self, user: User) -> str:
        member = getattr(user, "member", None)
        return str(member.get_role_display()) if member is not None else ""

    @admin.display(description="đơn vị")
    def unit(self, user: User) -> str:
        member = getattr(user, "member", None)
        return str(member.unit) if member is not None else ""


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)


@admin.register(RoleAccess)
class RoleAccessAdmin(admin.ModelAdmin):
    list_display = ("role", "secret_allowed")


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read only: nobody changes or deletes the log from the application."""

    list_display = ("at", "username", "action", "target", "ip")
    list_filter = ("action",)
    search_fields = ("username", "target")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
