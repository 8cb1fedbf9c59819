"""The imports pages' routes; the names share the "pilots" namespace."""

from django.urls import path

from ..views import imports

urlpatterns = [
    path("<int:pk>/imports/", imports.import_list, name="imports"),
    path("<int:pk>/imports/upload/", imports.import_upload, name="import_upload"),
    path("<int:pk>/imports/template/", imports.import_template, name="import_template"),
    path(
        "<int:pk>/imports/template.<str:file_format>",
        imports.template_download,
        name="import_template_download",
    ),
    path("<int:pk>/imports/<int:import_pk>/", imports.import_detail, name="import"),
    path("<int:pk>/imports/<int:import_pk>/status/", imports.import_status, name="import_status"),
    path(
        "<int:pk>/imports/<int:import_pk>/confirm/", imports.import_confirm, name="import_confirm"
    ),
    path("<int:pk>/imports/<int:import_pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path("<int:pk>/imports/<int:import_pk>/file/", imports.import_file, name="import_file"),
    path(
        "<int:pk>/imports/<int:import_pk>/problems.csv",
        imports.import_problems_csv,
        name="import_problems_csv",
    ),
]
