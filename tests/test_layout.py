"""The package's folders show its pipeline, and its imports follow it.

Wings, lowest first: the small shared modules at the top of ``authoring/``, then ``source/``,
then ``compose/``, ``charts/``, ``writers/`` and ``checkers/`` (side by side, none importing
another), then ``diff/``, ``builder/``, ``roundtrip/``, ``studio/`` and ``cli/``: the two faces at the top,
the studio just under the command line that starts it (``kompass studio``). A module imports its own
wing and the wings below it, never one above or beside it, and from another wing only what that
wing's ``__init__.py`` names in ``__all__``. The imports are read with ``ast`` (those inside
functions too), so nothing is imported to check them.
"""

from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "authoring"
SHARED = "shared"
ORDER = (SHARED, "source", ("compose", "charts", "writers", "checkers"), "diff", "builder", "roundtrip", "studio", "cli")
RANK = {wing: rank for rank, wings in enumerate(ORDER) for wing in ((wings,) if isinstance(wings, str) else wings)}
API = "authoring"  # the package's own __init__: the public face, above everything
MAX_LINES = 400


def package_sources() -> dict[str, str]:
    """Return module name -> source of every module of the package."""
    return {_module_name(path.relative_to(ROOT).with_suffix("").parts): path.read_text(encoding="utf-8")
            for path in PACKAGE.rglob("*.py")}


def _module_name(parts: tuple[str, ...]) -> str:
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def wing_of(module: str, modules: set[str]) -> str:
    """Return the wing of ``module``: its folder under authoring/, or ``shared`` for a top-level module."""
    parts = module.split(".")
    if len(parts) == 1:
        return API
    if len(parts) == 2 and f"{module}.__init__" not in modules and not any(m.startswith(f"{module}.") for m in modules):
        return SHARED
    return parts[1]


def imports(module: str, source: str, modules: set[str], packages: set[str]) -> list[tuple[str, tuple[str, ...], int]]:
    """Return (imported module, names taken from it, line) for each import of the package in ``source``."""
    found = []
    package = module if module in packages else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if not target.split(".")[0] == "authoring":
                continue
            names = []
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    found.append((f"{target}.{alias.name}", (), node.lineno))
                else:
                    names.append(alias.name)
            if names:
                found.append((target, tuple(names), node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, (), node.lineno) for alias in node.names if alias.name.split(".")[0] == "authoring"]
    return found


def public_names(source: str) -> set[str]:
    """Return the names a wing's ``__init__.py`` lists in ``__all__``."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def layering_problems(sources: dict[str, str]) -> list[str]:
    """Return every import of ``sources`` (module name -> source) that breaks the order, and every cycle."""
    modules = set(sources)
    packages = {m for m in modules if any(other.startswith(f"{m}.") for other in modules)}
    problems, edges = [], {m: set() for m in modules}
    for module, source in sorted(sources.items()):
        wing = wing_of(module, modules)
        for target, names, line in imports(module, source, modules, packages):
            where = f"{module.replace('.', '/')}.py:{line}"
            if target not in modules:
                problems.append(f"{where}: imports {target}, which is no module of the package")
                continue
            edges[module].add(target)
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            if private and target != module:
                problems.append(f"{where}: imports the private {', '.join(private)} of {target}")
            problems += _order_problems(where, wing, target, wing_of(target, modules), sources)
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(edges)]
    return problems


def _order_problems(where: str, wing: str, target: str, target_wing: str, sources: dict[str, str]) -> list[str]:
    if target_wing == wing or wing == API:
        return []
    if target_wing == API:
        return [f"{where}: imports the package's face (authoring/__init__.py); import the module itself"]
    if RANK[target_wing] >= RANK[wing]:
        side = "beside" if RANK[target_wing] == RANK[wing] else "above"
        return [f"{where}: {wing}/ imports {target}, which lies {side} it"]
    if target_wing != SHARED and target != f"authoring.{target_wing}":
        name = target.split(".")[2]
        if name not in public_names(sources[f"authoring.{target_wing}"]):
            return [f"{where}: {target} is private to {target_wing}/ (not in its __all__)"]
    return []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles of ``edges`` (Tarjan's strongly connected components of two or more)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_import_runs_down_the_pipeline_and_none_forms_a_cycle():
    assert layering_problems(package_sources()) == []


def test_an_import_up_the_pipeline_is_found():
    sources = package_sources()
    sources["authoring.source.notes"] += "\n\ndef later():\n    from ..checkers.pdf import check_pdf\n"

    problems = layering_problems(sources)

    assert len(problems) == 1
    assert problems[0].startswith("authoring/source/notes.py:")
    assert "source/ imports authoring.checkers.pdf, which lies above it" in problems[0]


def test_an_import_between_wings_side_by_side_is_found():
    sources = package_sources()
    sources["authoring.charts.draw"] += "\nfrom ..compose import compose\n"

    assert any("charts/ imports authoring.compose, which lies beside it" in p for p in layering_problems(sources))


def test_a_cycle_among_the_shared_modules_is_found():
    sources = package_sources()
    sources["authoring.model"] += "\nfrom .swedish import NBSP\n"
    sources["authoring.swedish"] += "\nfrom .model import Report\n"

    assert "import cycle: authoring.model -> authoring.swedish" in layering_problems(sources)


def test_a_wings_private_module_or_name_used_from_outside_is_found():
    sources = package_sources()
    sources["authoring.builder.build"] += "\nfrom ..charts.jobs import render_charts\nfrom ..source.notes import _blocks\n"

    problems = layering_problems(sources)

    assert any("authoring.charts.jobs is private to charts/" in p for p in problems)
    assert any("imports the private _blocks of authoring.source.notes" in p for p in problems)


def test_each_wing_names_its_public_surface_in_a_docstring_line_and_all():
    wings = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))

    assert wings == sorted(RANK.keys() - {SHARED})
    for wing in wings:
        init = PACKAGE / wing / "__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        summary = (ast.get_docstring(tree) or "").split("\n")[0]
        public = public_names(init.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        defined |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        defined |= {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
        assert summary.endswith("."), wing
        assert public, wing
        for name in public:
            assert (PACKAGE / wing / f"{name}.py").is_file() or name in defined, f"{wing}: {name}"


def test_no_module_is_longer_than_the_limit():
    lengths = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}

    assert {path: n for path, n in lengths.items() if n > MAX_LINES} == {}
