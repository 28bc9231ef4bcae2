from django import template
from django.urls import NoReverseMatch, reverse

from editorial import review

register = template.Library()

QUEUE_LENGTH = 50


def _admin_url(item, suffix):
    content_type = item.content_type
    try:
        return reverse(
            f"admin:{content_type.app_label}_{content_type.model}_{suffix}", args=[item.object_id]
        )
    except NoReverseMatch:
        return ""


def _review_url(item):
    """The review page; for proposed changes, of that proposal (there may be several)."""
    url = _admin_url(item, "review")
    return f"{url}?request={item.pk}" if url else url


@register.simple_tag(takes_context=True)
def review_overview(context):
    """The review queue (for publishers) and the user's own requests with their outcome,
    for the admin home page; None when approval is off."""
    if not review.approval_required():
        return None
    user = context["request"].user
    queue = [
        {"request": item, "url": _review_url(item)}
        for item in review.pending_queue()[:QUEUE_LENGTH]
        if item.content_type.model_class() is not None
        and review.may_publish(user, item.content_type.model_class())
    ]
    mine = [
        {"request": item, "url": _admin_url(item, "change")} for item in review.requests_of(user)
    ]
    return {"queue": queue, "mine": mine}
