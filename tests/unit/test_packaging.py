"""The package's shape: stages as folders, few root modules, small modules, every subpackage
and the prompt templates installed, and the import contracts holding."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "extractor"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_installed_and_the_templates_come_from_prompts():
    setuptools = PYPROJECT["tool"]["setuptools"]
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")}
    assert on_disk <= set(setuptools["packages"])
    assert setuptools["package-dir"] == {"extractor.asking.templates": "prompts"}
    assert setuptools["package-data"]["extractor.asking.templates"] == ["*.md"]


def test_every_store_migration_file_ships_in_the_wheel():
    """Alembic's folders have no __init__.py, so their files reach an installed package only through
    package-data: a migration the globs miss would leave a new store unmigrated after pip install."""
    store = PACKAGE / "store"
    on_disk = {p for p in (store / "alembic").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    shipped = {p for pattern in PYPROJECT["tool"]["setuptools"]["package-data"]["extractor.store"]
               for p in store.glob(pattern)}
    assert on_disk == shipped
    assert any(p.parent.name == "versions" for p in shipped)


def test_the_source_tree_reads_the_templates_from_prompts():
    from extractor.asking.prompts import TEMPLATE_NAMES, load_prompts, templates_folder

    assert Path(str(templates_folder())) == ROOT / "prompts"
    assert set(load_prompts().templates) == set(TEMPLATE_NAMES)


def test_few_root_modules_small_modules_and_no_symlink():
    assert len(list(PACKAGE.glob("*.py"))) <= 5
    assert not [p for p in PACKAGE.rglob("*") if p.is_symlink()]
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_every_declared_dependency_is_imported():
    imports = {"pyyaml": "yaml", "price-parser": "price_parser"}
    names = [re.split(r"[<>=\[;\s]", d)[0] for d in PYPROJECT["project"]["dependencies"]]
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    for name in names:
        module = imports.get(name, name.replace("-", "_"))
        assert re.search(rf"^\s*(import|from) {module}\b", code, re.M), name


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this source tree, not an installed copy
    done = subprocess.run([str(lint)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
