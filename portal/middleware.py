# Wagtail's admin still needs inline styles and scripts; the public site never does.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}


class AdminContentSecurityPolicyMiddleware:
    """Relax the Content Security Policy for the two admin sites, and only for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PATH_PREFIXES):
            response._csp_update = ADMIN_POLICY
            # The page preview in Wagtail's admin is framed by the admin itself.
            if response.get("X-Frame-Options") == "DENY":
                response["X-Frame-Options"] = "SAMEORIGIN"
        return response
