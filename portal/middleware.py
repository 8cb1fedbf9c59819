# Wagtail's admin still needs inline styles and scripts; the public site never does.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}


# Wagtail renders a page's preview as a fake request to the page's own address, through every
# middleware, and shows it in a frame of the admin: only that response may be framed, by the
# admin itself.
PREVIEW_POLICY = {"frame-ancestors": ["'self'"]}


class AdminContentSecurityPolicyMiddleware:
    """Relax the Content Security Policy for the two admin sites and for Wagtail's previews,
    and only for them. The directives named replace the site's: frame-ancestors takes a
    single value ('none' and 'self' together are invalid)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_replace = PREVIEW_POLICY
        elif request.path.startswith(ADMIN_PATH_PREFIXES):
            response._csp_replace = ADMIN_POLICY
            # The page preview in Wagtail's admin is framed by the admin itself.
            if response.get("X-Frame-Options") == "DENY":
                response["X-Frame-Options"] = "SAMEORIGIN"
        return response
