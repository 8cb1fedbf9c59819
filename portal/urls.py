from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.accounts import views as accounts_views

# Every password goes through allauth, where rate limits and two-factor sign-in apply: the
# admins' own sign-in and password forms are replaced (tests/accounts/test_sign_in_paths.py).
admin.site.login = views.sign_in_instead
admin.site.password_change = views.change_password_instead
admin.site.site_header = "Micro-credentials portal: reference data"

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # allauth's own pattern, answered by a view that tells a used link from an expired one.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        accounts_views.confirm_email,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("portal.accounts.urls")),
    path("frameworks/", include("portal.frameworks.urls")),
    path("", include("portal.notifications.urls")),
    path("", include("codesign.urls")),
    path("register/", include("codesign.urls.register")),
    path("django-admin/", admin.site.urls),
    # Wagtail's own sign-in form would skip two-factor sign-in: send it to allauth's.
    path("admin/login/", views.sign_in_instead, name="wagtailadmin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    # Generated documents and the reports library; Wagtail's documents below answer only
    # /documents/<number>/<file name>, which none of these matches.
    path("documents/", include("portal.documents.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("cms.urls")),
    path("", include("handbook.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from its page tree. Its sign-in form for private pages,
# Django's own LoginView, would skip two-factor sign-in: send it to allauth's.
urlpatterns += [
    path("_util/login/", views.sign_in_instead, name="wagtailcore_login_redirect"),
    path("", include(wagtail_urls)),
]
