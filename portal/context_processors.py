from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    roles = user.roles if user is not None and user.is_authenticated else frozenset()
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "user_roles": roles,
        "demo_mode": settings.DEMO_MODE,
    }
