"""The notice on a page that shows Dutch text where its translation is missing.

base.html renders the page content first, inside ``{% capture_content %}``; every Dutch
fallback that ``{% translated %}`` (site_tags) renders meanwhile is noted, so
``{% dutch_fallback_notice %}`` can stand above the content and appear once.
"""

from contextvars import ContextVar

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_fallbacks = ContextVar("dutch_fallbacks", default=None)
SHOWN = "dutch_fallback_shown"


def note_fallback():
    """Note that the content being rendered shows Dutch text in place of a translation."""
    noted = _fallbacks.get()
    if noted is not None:
        noted.append(True)


class CaptureContentNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        outer = _fallbacks.get()
        token = _fallbacks.set([])
        try:
            html = self.nodelist.render(context)
            noted = bool(_fallbacks.get())
        finally:
            _fallbacks.reset(token)
        if noted and outer is not None:
            outer.append(True)
        context[self.variable] = mark_safe(html)
        context[SHOWN] = noted
        return ""


@register.tag
def capture_content(parser, token):
    """{% capture_content as name %}...{% endcapture_content %}: render the enclosed content
    now, output it later with {{ name }}; notes whether it showed Dutch fallback text."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(
            "Usage: {% capture_content as name %}...{% endcapture_content %}"
        )
    nodelist = parser.parse(("endcapture_content",))
    parser.delete_first_token()
    return CaptureContentNode(nodelist, bits[2])


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def dutch_fallback_notice(context):
    return {"show": context.get(SHOWN, False)}
