"""Dependencies run one way: demo > oversight > meetings | costsharing > agreements >
archive > partnerships > navpartner. The import-linter contract in pyproject.toml says so;
these tests run it on the tree, and on a small made-up tree with one wrong import, to show the
contract catches one (an import inside a function too)."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_no_app_imports_a_higher_one():
    run = lint_imports(ROOT)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def test_the_contract_catches_a_lower_app_importing_a_higher_one(tmp_path):
    """The project's own contract, over a tree of empty apps where partnerships imports
    oversight inside a function."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for package in config["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "oversight" / "delivery.py").write_text("def deliver():\n    pass\n")
    (tmp_path / "partnerships" / "services.py").write_text(
        "def partnership_create():\n    from oversight.delivery import deliver\n\n    deliver()\n"
    )
    (tmp_path / "oversight" / "views.py").write_text("from partnerships import services\n")
    (tmp_path / "pyproject.toml").write_text(_as_toml(config))

    run = lint_imports(tmp_path)

    assert run.returncode == 1, run.stdout + run.stderr
    assert "0 kept, 1 broken" in run.stdout
    assert "partnerships.services -> oversight.delivery" in run.stdout
    assert "oversight.views" not in run.stdout  # a higher app may import a lower one


def _as_toml(config: dict) -> str:
    """The [tool.importlinter] table again (strings and lists of strings are JSON too)."""
    lines = ["[tool.importlinter]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in config.items() if key != "contracts"]
    for contract in config["contracts"]:
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in contract.items()]
    return "\n".join(lines) + "\n"
