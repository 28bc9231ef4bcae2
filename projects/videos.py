"""Video references: editors paste a YouTube or Vimeo address; the site stores only that
address, checks it names a video, and builds the embed itself on a privacy-friendly domain."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class VideoReference:
    provider: str
    video_id: str

    @property
    def embed_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1&autoplay=1"

    @property
    def watch_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def provider_name(self):
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]


def parse_video_url(url):
    """Return the VideoReference for a YouTube or Vimeo address, or None."""
    url = (url or "").strip()
    if _CONTROL_CHARACTERS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    candidate, provider = None, None
    if host in ("youtube.com", "youtube-nocookie.com"):
        provider = "youtube"
        if segments[:1] == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [None])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
    elif host == "youtu.be" and len(segments) == 1:
        provider, candidate = "youtube", segments[0]
    elif host in ("vimeo.com", "player.vimeo.com"):
        provider = "vimeo"
        numeric = [s for s in segments if s.isdigit()]
        candidate = numeric[0] if numeric else None
    if provider == "youtube" and candidate and _YOUTUBE_ID.match(candidate):
        return VideoReference("youtube", candidate)
    if provider == "vimeo" and candidate and _VIMEO_ID.match(candidate):
        return VideoReference("vimeo", candidate)
    return None


def validate_video_url(url):
    if parse_video_url(url) is None:
        raise ValidationError(
            _("Enter the address of a single video on YouTube or Vimeo."), code="invalid_video"
        )
