"""The notice on a page that shows Dutch text where its translation is missing.

``{% translated %}`` (site_tags) notes every Dutch fallback it renders on the request;
base.html renders the page content first (``{% capture %}``) so the notice can stand
above it, once.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

FALLBACK_ATTRIBUTE = "dutch_fallback_shown"


def note_fallback(context):
    """Remember that the page being rendered shows Dutch text in place of a translation."""
    request = context.get("request")
    if request is not None:
        setattr(request, FALLBACK_ATTRIBUTE, True)


def fallback_shown(context):
    request = context.get("request")
    return bool(getattr(request, FALLBACK_ATTRIBUTE, False))


class CaptureNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        context[self.variable] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}...{% endcapture %}: render now, output later with {{ name }}."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def dutch_fallback_notice(context):
    return {"show": fallback_shown(context)}
