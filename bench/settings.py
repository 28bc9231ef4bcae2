"""Production settings plus the one-field model of the plain admin (bench/admin_pages.py).
Never used by the site itself."""

from vwn_projects.settings.production import *  # noqa: F403
from vwn_projects.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.onefield"]
