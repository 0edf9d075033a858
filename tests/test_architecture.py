"""The packages of ``portal/`` stand on each other in one direction.

Every import in ``portal/`` is read with :mod:`ast` — at the top of a module, inside a
function or a method alike — and mapped to the package it names (``portal.placements.views``
→ ``placements``). A package may import its own layer or a lower one, never a higher one, and
no two packages may import each other, directly or round a longer cycle, except the
account–party pair of models. An import under ``if TYPE_CHECKING:`` is never run: it names a
type for the annotations only, so it is left out of both rules.

Templates follow the same rule: ``templates/<package>/`` belongs to that package (the
templates at the top and ``errors/`` to ``core``), and what a template includes, extends or
imports, and each template global or context variable it calls, belongs to the package that
registered it. A page of a lower package shows what a higher one adds through ``panels()``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from jinja2 import meta, nodes

PORTAL = Path(__file__).resolve().parent.parent / "portal"

# Low to high. "portal" is portal/__init__.py itself (create_app), which puts them together.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"config", "extensions", "core"}),
    # A generic mail queue: it knows addresses, not accounts or notifications.
    frozenset({"outbox"}),
    frozenset({"auth", "parties"}),
    # Organisation sign-in: plugs into auth's sign-in page and the party's admin page.
    frozenset({"identity"}),
    frozenset({"notifications"}),
    frozenset(
        {"catalogue", "placements", "documents", "annual_calendar", "quotas", "daily_records"}
    ),
    # What follows a placement after it ends.
    frozenset({"follow_up"}),
    # Where two features meet on a page.
    frozenset({"catalogue_links", "document_links", "handovers", "certificates", "invoicing"}),
    # The privacy notice names the parties and reads what the features keep.
    frozenset({"dashboard", "reports", "privacy"}),
    # It touches every feature's tables, to empty what is due.
    frozenset({"retention"}),
    # The young person's request: it reads every feature and erases through retention.
    frozenset({"subject_access"}),
    frozenset({"demo", "benchmark", "cli", "portal"}),
)
ALLOWED_CYCLES = {
    # An account belongs to a party and a party names its coordinators' accounts.
    frozenset({"auth", "parties"}),
    # One layer in two files: the limiter in extensions.py keys on core.net's client address.
    frozenset({"core", "extensions"}),
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing package
    target: str  # the imported package
    path: str  # the importing file, relative to the repository
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports portal.{self.target}"


def layer_of(package: str) -> int:
    for index, layer in enumerate(LAYERS):
        if package in layer:
            return index
    raise AssertionError(f"portal/{package} is in no layer: add it to LAYERS in {__file__}")


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_module(name: str, root: Path) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    base = root / relative
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                hidden.update(id(inner) for inner in ast.walk(statement))
    return hidden


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, root: Path):
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        name = ".".join(base + ([node.module] if node.module else []))
    else:
        name = node.module or ""
    # `from portal import demo` imports the package portal.demo, not portal/__init__.py.
    submodules = [f"{name}.{alias.name}" for alias in node.names]
    found = [s for s in submodules if _is_module(s, root)]
    if found:
        yield from found
    if len(found) < len(submodules):
        yield name


def imports(root: Path = PORTAL) -> Iterator[Import]:
    """Every import between two packages under ``root``, outside ``if TYPE_CHECKING:``."""
    repository = root.parent
    for path in sorted(root.rglob("*.py")):
        module, is_package = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        hidden = _type_checking_nodes(tree)
        source = _package_of(module)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in hidden:
                continue
            for name in _targets(node, module, is_package, root):
                if name.split(".")[0] != root.name:
                    continue
                target = _package_of(name)
                if target != source:
                    yield Import(source, target, str(path.relative_to(repository)), node.lineno)


def upward(found: list[Import]) -> list[Import]:
    return [i for i in found if layer_of(i.source) < layer_of(i.target)]


def cycles(found: list[Import]) -> list[list[str]]:
    """The groups of packages that import each other round a cycle (Tarjan's components)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for i in found:
        graph[i.source].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 and frozenset(group) not in ALLOWED_CYCLES:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _explain_cycle(group: list[str], found: list[Import]) -> str:
    members = set(group)
    lines = [f"  {i}" for i in found if i.source in members and i.target in members]
    return f"cycle between {', '.join(group)}:\n" + "\n".join(sorted(set(lines)))


def test_no_package_imports_a_higher_layer() -> None:
    found = list(imports())
    wrong = upward(found)
    lines = [f"  {i} ({i.source} is below {i.target})" for i in sorted(set(wrong), key=str)]
    assert not wrong, "A lower package imports a higher one; give it an extension point:\n" + (
        "\n".join(lines)
    )


def test_no_cycle_between_packages() -> None:
    found = list(imports())
    groups = cycles(found)
    assert not groups, "\n".join(_explain_cycle(g, found) for g in groups)


def test_every_package_has_a_layer() -> None:
    for path in PORTAL.iterdir():
        if path.name.startswith((".", "_")) or path.name in {"static", "templates", "translations"}:
            continue
        if path.is_dir() or path.suffix == ".py":
            layer_of(path.stem)


def test_each_feature_defines_its_blueprint_in_blueprint_py() -> None:
    """No ``from … import views  # noqa: E402`` after the blueprint in a package's __init__."""
    for init in sorted(PORTAL.glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and "Blueprint(" in ast.unparse(node.value):
                pytest.fail(f"{init.relative_to(PORTAL.parent)} defines a blueprint")


def _label_tables(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """The module-level names ``…LABELS`` a module assigns: a table of interface words."""
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id.endswith("LABELS"):
                yield node.lineno, target.id


def test_a_features_words_for_its_enums_are_in_its_labels_py() -> None:
    """One place a feature to look for what its codes are called: ``<feature>/labels.py``.
    ``core`` is no feature: its audit log names what every feature registers with it."""
    misplaced = []
    for path in sorted(PORTAL.rglob("*.py")):
        relative = path.relative_to(PORTAL)
        if relative.parts[0] == "core" or path.name == "labels.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        misplaced += [f"portal/{relative}:{line} {name}" for line, name in _label_tables(tree)]
    assert misplaced == []


def test_the_labels_checker_finds_a_table_outside_labels_py() -> None:
    tree = ast.parse("from x import _l\nSTATUS_LABELS = {1: _l('One')}\nOTHER: dict = {}\n")
    assert list(_label_tables(tree)) == [(2, "STATUS_LABELS")]


TEMPLATES = PORTAL / "templates"


def template_package(name: str) -> str:
    """The package a template belongs to, by its folder under ``templates/``."""
    folder, _, rest = name.partition("/")
    return folder if rest and folder != "errors" else "core"


def _registered_names(app: Flask) -> dict[str, str]:
    """Each template global, filter and context variable, with the package that provides it."""
    found: dict[str, str] = {}
    for name, value in {**app.jinja_env.globals, **app.jinja_env.filters}.items():
        module = getattr(value, "__module__", None) or ""
        if module.startswith("portal."):
            found[name] = _package_of(module)
    with app.test_request_context():
        for processor in app.template_context_processors[None]:
            if processor.__module__.startswith("portal."):
                for name in processor():
                    found.setdefault(name, _package_of(processor.__module__))
    return found


def template_uses(app: Flask) -> Iterator[Import]:
    """What every template of ``portal/templates`` takes from another package."""
    provided = _registered_names(app)
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        source = template_package(name)
        tree = app.jinja_env.parse(path.read_text(encoding="utf-8"))
        shown = str(path.relative_to(PORTAL.parent))
        for used in meta.find_referenced_templates(tree):
            if used and template_package(used) != source:
                yield Import(source, template_package(used), shown, 0)
        for node in tree.find_all((nodes.Name, nodes.Filter)):
            target = provided.get(node.name)
            if target and target != source:
                yield Import(source, target, shown, node.lineno)


def test_no_template_uses_a_higher_layer(app: Flask) -> None:
    wrong = upward(list(template_uses(app)))
    lines = [f"  {i} ({i.source} is below {i.target})" for i in sorted(set(wrong), key=str)]
    assert not wrong, "A lower package's template uses a higher one; give it a panel:\n" + (
        "\n".join(lines)
    )


def test_the_template_checker_sees_globals_and_includes(app: Flask) -> None:
    uses = {(i.path, i.target) for i in template_uses(app)}
    # The front page reaches down to a notification list and a report's due list.
    assert ("portal/templates/dashboard/index.html", "notifications") in uses
    assert ("portal/templates/dashboard/index.html", "catalogue") in uses
    # A link package's panel asks the catalogue for the request address.
    assert ("portal/templates/catalogue_links/_request_link.html", "catalogue") in uses


# The checker itself, on a small package written for the purpose: it must see an import
# inside a function, ignore one under TYPE_CHECKING, and name the file.


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    _write(
        root,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/authz.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from portal.auth.models import User\n"
            ),
            "auth/__init__.py": "",
            "auth/models.py": "from portal.core import authz\n",
            "placements/__init__.py": "",
            "placements/views.py": (
                "def create():\n    from portal.catalogue_links import offers\n    return offers\n"
            ),
            "catalogue_links/__init__.py": "",
            "catalogue_links/offers.py": "from portal.placements import views\n",
        },
    )
    return root


def test_checker_sees_imports_inside_functions_and_names_the_file(sample: Path) -> None:
    found = list(imports(sample))
    assert [str(i) for i in upward(found)] == [
        "portal/placements/views.py:2 imports portal.catalogue_links"
    ]
    assert cycles(found) == [["catalogue_links", "placements"]]


def test_checker_leaves_out_type_checking_imports(sample: Path) -> None:
    found = list(imports(sample))
    assert not [i for i in found if i.source == "core"]
    assert any(i.source == "auth" and i.target == "core" for i in found)


# The same rule as Python sees it: a feature's modules, each imported in a fresh interpreter,
# load nothing of a higher layer. This is what "load or test one feature alone" needs.

LOADS_ALONE = """
import importlib, pkgutil, sys
package = importlib.import_module("portal." + sys.argv[1])
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
print(" ".join(sorted({m.split(".")[1] for m in sys.modules if m.startswith("portal.")})))
"""


@pytest.mark.parametrize(
    "package",
    ["outbox", "parties", "notifications", "placements", "documents", "annual_calendar"],
)
def test_a_feature_loads_without_the_packages_above_it(package: str) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", LOADS_ALONE, package],
        capture_output=True,
        text=True,
        check=True,
        cwd=PORTAL.parent,
    )
    loaded = set(result.stdout.split())
    above = sorted(p for p in loaded if layer_of(p) > layer_of(package))
    assert above == [], f"importing portal.{package} loads {above}"
