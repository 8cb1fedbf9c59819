"""Staff correct the pilot reference data here; every save and delete is audited through
portal.frameworks' reference actions, like the frameworks' own reference data."""

from django.contrib import admin

from portal.frameworks.admin import AuditedAdmin

from .models import District, YouthDefinition


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name"]


@admin.register(YouthDefinition)
class YouthDefinitionAdmin(AuditedAdmin):
    list_display = ["country", "min_age", "max_age"]
    list_select_related = ["country"]
