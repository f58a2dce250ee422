"""Django admin: campaigns and base figures editable; snapshots, values and the audit log read-only."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from kaoping.collection.models import AuditEntry, BaseFigure, Campaign, DefinitionSnapshot, Explanation, Value

M = TypeVar("M", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """Written only through ``kaoping.collection.services`` (versions and audit stay consistent)."""

    def has_add_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


class BaseFigureInline(admin.TabularInline[BaseFigure, Campaign]):
    model = BaseFigure
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ("id", "title", "org", "status", "opens", "closes", "snapshot")
    list_filter = ("status", "kind", "org")
    readonly_fields = ("snapshot", "copy_from", "created_by", "created")
    inlines = [BaseFigureInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opened with ``kaoping campaigns open`` or the API, which snapshot the definition


@admin.register(DefinitionSnapshot)
class DefinitionSnapshotAdmin(ReadOnlyAdmin[DefinitionSnapshot]):
    list_display = ("ref", "sha256", "created")
    exclude = ("files",)


@admin.register(Value)
class ValueAdmin(ReadOnlyAdmin[Value]):
    list_display = ("campaign", "org", "table", "row", "column", "text", "valid", "updated_by", "updated_at")
    list_filter = ("campaign", "table", "org")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    list_display = ("at", "actor", "channel", "campaign", "org", "table", "row", "column", "old", "new")
    list_filter = ("channel", "campaign", "table")
    search_fields = ("actor", "row", "column")


@admin.register(Explanation)
class ExplanationAdmin(ReadOnlyAdmin[Explanation]):
    list_display = ("campaign", "org", "rule", "table", "row", "column", "actor", "at")
