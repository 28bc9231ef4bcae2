"""The apps depend on each other in one direction only (docs/architecture.md).

Every import in every module of an app, wherever it stands (also inside functions), is
read with ``ast`` and checked against ``ALLOWED``; the allowed graph itself has no cycle.
"""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# app -> the apps it may import. The project package (settings, URLs) is glue: it may
# import every app, and no app imports it.
ALLOWED = {
    "iati": set(),
    "content": set(),
    "website": {"content"},
    "translations": {"content"},
    "editorial": {"translations", "website", "content"},
    "photos": {"editorial", "translations", "website", "content"},
    "partners": {"editorial", "translations", "content", "iati"},
    "projects": {"photos", "partners", "editorial", "translations", "website", "content", "iati"},
    "operations": {"editorial", "website", "content"},
    "search": {
        "projects",
        "photos",
        "partners",
        "editorial",
        "translations",
        "website",
        "content",
        "iati",
    },
}
PROJECT_PACKAGE = "vwn_projects"


def imported_apps(path):
    """The site's top-level packages that a module imports (absolute imports)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & (set(ALLOWED) | {PROJECT_PACKAGE})


def app_modules(app):
    return sorted((ROOT / app).rglob("*.py"))


def actual_graph():
    return {
        app: {imported for path in app_modules(app) for imported in imported_apps(path)} - {app}
        for app in ALLOWED
    }


def test_every_app_of_the_site_is_in_the_allowed_graph():
    apps_on_disk = {
        path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name != PROJECT_PACKAGE
    }
    assert apps_on_disk == set(ALLOWED)


def test_the_allowed_graph_has_no_cycle():
    try:
        order = list(TopologicalSorter(ALLOWED).static_order())
    except CycleError as error:  # pragma: no cover - the assertion is the message
        pytest.fail(f"The allowed dependencies form a cycle: {error.args[1]}")
    assert set(order) == set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_what_it_may(app):
    wrong = []
    for path in app_modules(app):
        for imported in imported_apps(path) - {app}:
            if imported not in ALLOWED[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert wrong == [], f"{app} may import only {sorted(ALLOWED[app])}"


def test_the_imports_have_no_cycle():
    graph = actual_graph()
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:  # pragma: no cover - the assertion is the message
        pytest.fail(f"The apps import each other in a cycle: {error.args[1]}")


def test_partners_app_never_imports_projects():
    for path in (ROOT / "partners").rglob("*.py"):
        source = path.read_text()
        assert "from projects" not in source and "import projects" not in source, path


def test_partners_reaches_no_model_of_another_app_through_meta():
    """``_meta.get_field(...).related_model`` is the loophole of the import test: code that
    needs another app's model belongs in that app (the partners' pages are projects')."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in app_modules("partners")
        if "migrations" not in path.parts and "related_model" in path.read_text()
    ]
    assert offenders == []


def test_the_checker_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from projects.models import Project\n    import content\n")
    assert imported_apps(module) == {"projects", "content"}
