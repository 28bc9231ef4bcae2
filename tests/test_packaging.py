"""A non-editable install holds every app of the site: pyproject's package list names
each app in INSTALLED_APPS that lives in this repository."""

import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def test_every_app_of_the_site_is_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    included = {
        pattern.rstrip("*")
        for pattern in config["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    ours = {
        app.name.split(".")[0]
        for app in apps.get_app_configs()
        if Path(app.path).resolve() == ROOT / app.name.replace(".", "/")
        and app.name.split(".")[0] != "tests"
    }
    assert ours, "no app of the site found"
    assert ours <= included, sorted(ours - included)
