"""The house style in the Django admin (/django-admin/, staff only). Every change goes through
portal.documents.actions, which checks the file and writes the audit entry."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import actions
from .forms import HouseStyleForm
from .models import HouseStyle


@admin.register(HouseStyle)
class HouseStyleAdmin(admin.ModelAdmin):
    form = HouseStyleForm
    list_display = ["name", "is_current", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["size", "sha256", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["name", "upload", "make_current"]}),
        (_("Stored file"), {"fields": readonly_fields}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["name", "upload", "make_current"]})]
        return [
            (None, {"fields": ["name", "make_current"]}),
            (_("Stored file"), {"fields": self.readonly_fields}),
        ]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            stored = actions.upload_house_style(
                name=data["name"],
                upload=data["upload"],
                by=request.user,
                make_current=data["make_current"],
            )
            obj.pk = stored.pk
            obj.refresh_from_db()
            return
        original = HouseStyle.objects.get(pk=obj.pk)
        if data["name"] != original.name:
            actions.rename_house_style(style=original, name=data["name"], by=request.user)
        if data["make_current"] != original.is_current:
            actions.set_current_house_style(
                style=original if data["make_current"] else None, by=request.user
            )
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        actions.delete_house_style(style=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for style in queryset:
            actions.delete_house_style(style=style, by=request.user)
