"""The package's floor plan: no import cycle, and models never import what sits above them."""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "vigen"
MODELS = ("vae", "_em_base", "em", "em_bernoulli", "adversarial", "gan", "aae", "ali")
ABOVE_MODELS = ("bench", "plots", "explore", "framework", "metrics")   # prefixes of modules a model must not import


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
            if node.module is None or node.level and not node.module:
                out.update(f"{target}.{a.name}".strip(".") for a in node.names)
            else:
                out.add(target)
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("vigen").lstrip(".") for a in node.names if a.name.startswith("vigen."))
    modules = {_module_name(p) for p in SRC.rglob("*.py")}
    return {m for m in out if m in modules and m != name}


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


@pytest.mark.parametrize("model", MODELS)
def test_models_do_not_import_the_layers_above_them(model):
    bad = sorted(m for m in GRAPH[model] if m.split(".")[0].startswith(ABOVE_MODELS))
    assert not bad, f"vigen.{model} imports {bad}"
