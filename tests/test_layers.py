"""The package's floor plan: no import cycle, and no module imports a layer above its own."""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "vigen"
LAYERS = ("core", "models", "exact", "metrics", "report", "plots", "explore", "framework", "bench")
"""The layers, lowest first: a module may import its own layer and those before it, never one after it."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set:
    """The vigen modules that ``path`` imports anywhere (top level or inside a function)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("vigen"):
                target = node.module.removeprefix("vigen").lstrip(".")
            else:
                continue
            for a in node.names:   # ``from vigen.models import gan`` imports the module models.gan
                sub = f"{target}.{a.name}".strip(".")
                out.add(sub if sub in MODULES else target)
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("vigen").lstrip(".") for a in node.names if a.name.startswith("vigen."))
    return {m for m in out if m in MODULES and m != name}


MODULES = {_module_name(p) for p in SRC.rglob("*.py")}
GRAPH = {_module_name(p): _imports(p) for p in SRC.rglob("*.py")}


def test_no_import_cycle():
    state, cycle = {}, []

    def visit(m, path):
        state[m] = "open"
        for n in sorted(GRAPH.get(m, ())):
            if state.get(n) == "open":
                cycle.append(path + [n])
            elif n not in state:
                visit(n, path + [n])
        state[m] = "done"

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])
    assert not cycle, " -> ".join(cycle[0])


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def test_every_module_belongs_to_a_layer():
    assert all(m.split(".")[0] in LAYERS for m in MODULES if m), sorted(MODULES)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m))
def test_no_module_imports_a_layer_above_its_own(module):
    bad = sorted(m for m in GRAPH[module] if m and _layer(m) > _layer(module))
    assert not bad, f"vigen.{module} imports {bad}"


def test_the_chapters_short_names_still_work():
    import vigen
    from vigen import em  # the face re-exports the models and the core modules

    assert em.GaussianMixtureEM.__module__ == "vigen.models.em.gaussian"
    assert vigen.kl.kl_discrete is vigen.kl_discrete and vigen.plots.vae.latent_map
