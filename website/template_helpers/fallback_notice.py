"""The notice on a page that shows Dutch text where its translation is missing.

base.html renders the page content first, through ``capture_content(self.content)``; every
Dutch fallback that ``translated()`` (site_tags) renders meanwhile is noted, so the notice
can stand above the content and appear once.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from markupsafe import Markup

_fallbacks = ContextVar("dutch_fallbacks", default=None)


def note_fallback():
    """Note that the content being rendered shows Dutch text in place of a translation."""
    noted = _fallbacks.get()
    if noted is not None:
        noted.append(True)


@dataclass(frozen=True)
class CapturedContent:
    html: Markup
    shows_dutch_fallback: bool

    def __html__(self):
        return self.html


def capture_content(render):
    """Call ``render()`` (a template block) and note whether it showed Dutch fallback text."""
    outer = _fallbacks.get()
    token = _fallbacks.set([])
    try:
        html = Markup(render())
        noted = bool(_fallbacks.get())
    finally:
        _fallbacks.reset(token)
    if noted and outer is not None:
        outer.append(True)
    return CapturedContent(html, noted)
