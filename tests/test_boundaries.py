"""The architecture's two promises, checked on the source itself.

The rules (workflows/) and the catalogue (measures/) are plain Python: no web framework, no
database, nothing of the service around them, so they can be read, tested and reused without it.
And importing the service builds nothing: the app exists only when `create_app` is called.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE = ("workflows", "measures")
FORBIDDEN = frozenset({"app", "fastapi", "starlette", "sqlalchemy", "sqlmodel"})


def forbidden_imports(path: Path, root: Path = ROOT) -> list[str]:
    """Each import in `path` of a forbidden package, as `file:line: import name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their own package
        for name in names:
            if name.split(".")[0] in FORBIDDEN:
                found.append(f"{path.relative_to(root)}:{node.lineno}: import {name}")
    return found


def test_the_rules_and_the_catalogue_import_nothing_of_the_service() -> None:
    sources = sorted(p for package in PURE for p in (ROOT / package).rglob("*.py"))
    assert len(sources) > 10, "the pure packages moved: point PURE at them again"
    offending = [hit for source in sources for hit in forbidden_imports(source)]
    assert not offending, "workflows/ and measures/ must stay pure:\n" + "\n".join(offending)


def test_the_check_names_the_file_and_line_of_each_offending_import(tmp_path: Path) -> None:
    module = tmp_path / "leaky.py"
    module.write_text(
        "import json\n"
        "from . import sibling\n"
        "import sqlalchemy.orm\n"
        "from app.problems import NotFound\n"
        "def later() -> None:\n"
        "    from fastapi import Request\n"
    )
    assert forbidden_imports(module, root=tmp_path) == [
        "leaky.py:3: import sqlalchemy.orm",
        "leaky.py:4: import app.problems",
        "leaky.py:6: import fastapi",
    ]


# Run in a fresh interpreter, so what this test process imported or started does not count.
IMPORT_APP_MAIN = """
import json, sys, threading
before = [t.name for t in threading.enumerate()]
import fastapi
created = []
build = fastapi.FastAPI.__init__
def counted(self, *args, **kwargs):
    created.append(type(self).__name__)
    build(self, *args, **kwargs)
fastapi.FastAPI.__init__ = counted
import app.main
after = [t.name for t in threading.enumerate()]
apps = sorted(
    f"{name}.{attr}"
    for name, module in list(sys.modules.items())
    if name == "app" or name.startswith("app.")
    for attr, value in list(vars(module).items())
    if isinstance(value, fastapi.FastAPI)
)
print(json.dumps({"before": before, "after": after, "created": created, "apps": apps}))
"""


def test_importing_the_service_builds_no_app_and_starts_no_thread() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_APP_MAIN],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["after"] == seen["before"], f"importing app.main started {seen['after']}"
    assert seen["created"] == [], "importing app.main built a FastAPI app"
    assert seen["apps"] == [], f"module-level apps: {seen['apps']}"
