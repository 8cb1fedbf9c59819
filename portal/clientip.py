"""The visitor's address, for everything that counts requests per address."""

# allauth's own rate limits count by this function; the portal's counters use it too, so a
# visitor is one visitor everywhere. It is internal to allauth 65 (tests pin its behaviour).
from allauth.core.internal.ratelimit import get_ip


def client_ip(request):
    """The address allauth's rate limits count: the entry the trusted reverse proxy added to
    X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT) or its header (ALLAUTH_TRUSTED_CLIENT_IP_HEADER),
    else the connection's; an IPv6 address stands for its /64 network (one household or phone).
    """
    return get_ip(request)
