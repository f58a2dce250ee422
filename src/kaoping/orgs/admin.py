"""Django admin for organisations, users, roles and tokens."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from kaoping.orgs.models import ApiToken, LoginEvent, Organisation, RoleAssignment, User
from kaoping.orgs.tokens import create_token


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("code", "name", "level", "parent", "region")
    list_filter = ("level", "region")
    search_fields = ("code", "name")


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "name", "org", "phone", "is_active")
    list_filter = ("is_active", "org")
    search_fields = ("username",)  # name and phone are encrypted (kaoping.orgs.secret)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("单位与联系方式", {"fields": ("name", "phone", "org", "external_id")}),
    )
    inlines = [RoleInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ("user", "role", "org")
    list_filter = ("role", "org")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked")
    fields = ("user", "name", "prefix", "created", "last_used", "revoked")
    readonly_fields = ("prefix", "created", "last_used")

    def save_model(
        self, request: HttpRequest, obj: ApiToken, form: forms.ModelForm[ApiToken], change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new token: generate it and show the secret once.
        token, raw = create_token(obj.user, obj.name)
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(request, f"新令牌（只显示这一次，请立即复制）：{raw}")


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin[LoginEvent]):
    list_display = ("at", "username", "kind", "ip")
    list_filter = ("kind",)
    search_fields = ("username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LoginEvent | None = None) -> bool:
        return False
