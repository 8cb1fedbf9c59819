import logging
from functools import cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from huey.contrib.djhuey import HUEY

from portal.pagecache import PRIVATE_PREFIXES

logger = logging.getLogger(__name__)

SITE_ICON = settings.BASE_DIR / "static" / "favicon.ico"


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down", and the reason is reported
        logger.warning("healthz: database check failed: %s", exc)
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _queue_state():
    try:
        pending = HUEY.pending_count()
    except Exception as exc:
        logger.warning("healthz: job queue check failed: %s", exc)
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "backend": HUEY.storage.__class__.__name__, "pending": pending}


@never_cache
def healthz(request):
    """200 when the database and the job queue answer, 503 when either does not."""
    state = {"database": _database_state(), "queue": _queue_state()}
    healthy = all(part["ok"] for part in state.values())
    state["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(state, status=200 if healthy else 503)


@cache
def _site_icon():
    return SITE_ICON.read_bytes()


@require_safe
@cache_control(public=True, max_age=30 * 24 * 3600)
def favicon(request):
    """The site's icon where browsers look for it first; pages also link the SVG version."""
    return HttpResponse(_site_icon(), content_type="image/x-icon")


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def robots_txt(request):
    """Crawlers read the public pages, find them in the sitemap, and keep out of the signed-in
    areas (the ones the page cache never serves either)."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sign_in_instead(request):
    """Every sign-in goes through allauth, where rate limits and two-factor sign-in apply.

    Someone already signed in who is sent here lacks access to the admin they asked for: they
    get 403, never a second sign-in form, nor a redirect back to allauth (which sends signed-in
    people on to `next`, the admin, which sends them here again).
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.GET.urlencode()
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))


def change_password_instead(request):
    """The Django admin's password form checks the old password without allauth's limits."""
    return redirect("account_change_password")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request: no context processor may touch a database that may be down.
    return HttpResponseServerError(loader.get_template("500.html").render())
