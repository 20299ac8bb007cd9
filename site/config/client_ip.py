"""The visitor's address for throttling admin sign-ins (django-axes' AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or, when TRUSTED_PROXY_COUNT proxies stand in front of the app, the address the
    outermost of them saw: each proxy appends the address it was reached from to
    X-Forwarded-For, so the one `count` places from the end is the last nobody could forge.
    Without a proxy count the header is ignored: anyone can send it."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
