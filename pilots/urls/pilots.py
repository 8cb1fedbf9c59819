"""The pilots pages' routes; the names share the "pilots" namespace."""

from django.urls import path

from ..views import achievements, participants, pilots

urlpatterns = [
    path("", pilots.pilot_list, name="list"),
    path("new/", pilots.pilot_new, name="new"),
    path("<int:pk>/", pilots.pilot_detail, name="pilot"),
    path("<int:pk>/edit/", pilots.pilot_edit, name="edit"),
    path("<int:pk>/narrative/", pilots.pilot_narrative, name="narrative"),
    path("<int:pk>/status/", pilots.pilot_status, name="status"),
    path("<int:pk>/partners/", pilots.pilot_partners, name="partners"),
    path(
        "<int:pk>/partners/<int:organisation_pk>/remove/",
        pilots.partner_remove,
        name="partner_remove",
    ),
    path("<int:pk>/sites/new/", pilots.site_add, name="site_add"),
    path("<int:pk>/cohorts/new/", pilots.cohort_add, name="cohort_add"),
    path("<int:pk>/targets/", pilots.pilot_targets, name="targets"),
    path("<int:pk>/targets/<slug:key>/remove/", pilots.target_remove, name="target_remove"),
    path("<int:pk>/participants/", participants.participant_list, name="participants"),
    path(
        "<int:pk>/participants/<int:participant_pk>/",
        participants.participant_detail,
        name="participant",
    ),
    # The register of learner achievements: public.
    path("achievements/", achievements.achievement_verify, name="achievement_verify"),
    path("achievements/<str:code>/", achievements.achievement_detail, name="achievement"),
]
