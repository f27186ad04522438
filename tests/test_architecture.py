"""The house's structure: no import cycles, and every import points down the layers.

Layers, bottom first: errors and background <- game and storage (and config_fields) <- rl <- controllers <- play
<- training and app <- cli. Every import of a Crossy Desktop module is counted, at module level or inside a function.
"""

import ast
from pathlib import Path

import crossy_desktop

PACKAGE = Path(crossy_desktop.__file__).parent
LAYER = {
    "game": 0,
    "storage": 0,
    "config_fields": 0,
    "errors": -1,
    "background": -1,
    "rl": 1,
    "controllers": 2,
    "play": 3,
    "training": 4,
}
LAYER |= {"app": 5, "cli": 6, "__main__": 7, "__init__": 0}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("crossy_desktop"):
            found.add(node.module)
            for alias in node.names:  # `from crossy_desktop.cli import demos` imports the module demos
                if (PACKAGE.parent / (node.module + "." + alias.name).replace(".", "/")).with_suffix(".py").exists():
                    found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("crossy_desktop")}
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> tuple[str, int]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return top, LAYER[top]


def test_every_module_belongs_to_a_layer():
    for module in graph():
        assert layer_of(module)[0] in LAYER, f"{module}: add its package to the layers"


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in edges.items():
        top, level = layer_of(module)
        for target in targets:
            target_top, target_level = layer_of(target)
            if target_top != top and target != "crossy_desktop" and target_level >= level:
                wrong.append(f"{module} -> {target}")
    return wrong


def find_cycles(edges: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, set()) - {module}):
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target) :] + [target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return cycles


def test_imports_point_down_the_layers():
    assert upward_imports(graph()) == [], "imports that point up or sideways between packages"


def test_no_import_cycles():
    assert find_cycles(graph()) == []


def test_the_checks_can_fail(tmp_path):
    """An import inside a function is seen; a cycle and an upward import are caught."""
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from crossy_desktop.app.window import CrossyApp\n")
    assert "crossy_desktop.app.window" in imports_of(source)
    toy = {"crossy_desktop.rl.a": {"crossy_desktop.rl.b"}, "crossy_desktop.rl.b": {"crossy_desktop.rl.a"}}
    assert find_cycles(toy) == ["crossy_desktop.rl.a -> crossy_desktop.rl.b -> crossy_desktop.rl.a"]
    assert upward_imports({"crossy_desktop.rl.agent_file": {"crossy_desktop.controllers.dqn"}}) == [
        "crossy_desktop.rl.agent_file -> crossy_desktop.controllers.dqn"
    ]
