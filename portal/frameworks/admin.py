"""Staff edit the reference data here. Every save and delete goes through
portal.frameworks.actions, which records an audit entry in the same transaction."""

from django.contrib import admin
from django.db import models

from . import actions
from .models import (
    ApprovalCriterion,
    Country,
    EctsReference,
    FrameworkLevel,
    FrameworkRule,
    LevelMapping,
    QualificationFramework,
    Sector,
)


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    return value


def form_changes(form):
    """{field: {"from": old, "to": new}} for the fields the form changed."""
    return {
        name: {
            "from": _plain(form.initial.get(name)),
            "to": _plain(form.cleaned_data.get(name)),
        }
        for name in form.changed_data
    }


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # saved alongside changed inlines; nothing of its own to record
        actions.save_reference_row(obj=obj, by=request.user, changes=form_changes(form))

    def delete_model(self, request, obj):
        actions.delete_reference_row(obj=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        actions.delete_reference_rows(objects=queryset, by=request.user)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            actions.delete_reference_row(obj=obj, by=request.user)
        for inline_form in formset.forms:
            obj = inline_form.instance
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            actions.save_reference_row(obj=obj, by=request.user, changes=form_changes(inline_form))
        formset.save_m2m()


class FrameworkLevelInline(admin.StackedInline):
    model = FrameworkLevel
    extra = 0
    fields = [
        "number",
        ("knowledge", "skills", "responsibility_autonomy"),
        "descriptor",
        "source",
    ]


class FrameworkRuleInline(admin.StackedInline):
    model = FrameworkRule
    extra = 0
    fields = [
        ("key", "kind", "field", "severity", "is_active"),
        "text",
        ("min_value", "min_inclusive", "max_value", "max_inclusive"),
        ("value", "unit"),
        "source",
        "position",
    ]


class ApprovalCriterionInline(admin.TabularInline):
    model = ApprovalCriterion
    extra = 0
    fields = ["order", "key", "label", "source"]


@admin.register(QualificationFramework)
class QualificationFrameworkAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "country",
        "credit_unit",
        "hours_per_credit",
        "is_confirmed",
        "updated_at",
    ]
    list_filter = ["region", "is_confirmed"]
    search_fields = ["code", "name"]
    inlines = [FrameworkRuleInline, ApprovalCriterionInline, FrameworkLevelInline]


@admin.register(FrameworkLevel)
class FrameworkLevelAdmin(AuditedAdmin):
    list_display = ["__str__", "framework", "number", "has_descriptor"]
    list_filter = ["framework"]
    list_select_related = ["framework"]

    @admin.display(boolean=True, description="descriptor recorded")
    def has_descriptor(self, obj):
        return obj.has_descriptor


@admin.register(LevelMapping)
class LevelMappingAdmin(AuditedAdmin):
    list_display = ["level", "target_level", "basis", "updated_at"]
    list_filter = ["basis", "target_level__framework", "level__framework"]
    list_select_related = ["level__framework", "target_level__framework"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"level", "target_level"}:
            kwargs["queryset"] = FrameworkLevel.objects.select_related("framework")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FrameworkRule)
class FrameworkRuleAdmin(AuditedAdmin):
    list_display = ["framework", "key", "kind", "field", "severity", "is_active", "updated_at"]
    list_filter = ["framework", "severity", "is_active"]
    list_select_related = ["framework"]


@admin.register(ApprovalCriterion)
class ApprovalCriterionAdmin(AuditedAdmin):
    list_display = ["framework", "order", "key", "label"]
    list_filter = ["framework"]
    list_select_related = ["framework"]


@admin.register(EctsReference)
class EctsReferenceAdmin(AuditedAdmin):
    list_display = ["key", "hours_per_credit", "hours_per_credit_min", "hours_per_credit_max"]


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ["code", "name", "region", "is_partner"]
    list_filter = ["region", "is_partner"]
    search_fields = ["code", "name"]


@admin.register(Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ["key", "label"]
    search_fields = ["key", "label"]
