"""The wheel is a whole program: it carries every module, every bundled policy with its cases and
every resource, and once installed in a fresh venv it finds them through importlib.resources.

The wheel is built offline from a copy of the source tree (so a stale build/ folder cannot leak
into it) with the venv's own setuptools (``--no-build-isolation``); pyproject.toml's test extra
pins a setuptools new enough for the SPDX licence expression.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from tests.village import POLICY_DIR, ROOT

pytestmark = pytest.mark.slow  # the suite without these runs again on Python 3.13 in CI

RESOURCES = ROOT / "resources"
BUNDLED = "desktop_app/_bundled"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "__pycache__", "*.egg-info", "build", "dist", "tests", "bench", "docs", "*.sqlite", "demo-data"
)


def _setuptools_version() -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version("setuptools").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return (0,)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the built wheel, everything the build printed)."""
    if _setuptools_version() < (77,):
        pytest.skip("此环境没有 setuptools>=77（pyproject.toml 的 test 附加依赖会安装），无法离线构建 wheel")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    build = [*PIP, "wheel", "-v", "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", str(work / "dist")]
    done = subprocess.run([*build, str(source)], capture_output=True, text=True, encoding="utf-8", errors="replace")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (built,) = (work / "dist").glob("zhengjiao-*.whl")
    return built, done.stdout + done.stderr


def names(wheel_path: Path) -> set[str]:
    with zipfile.ZipFile(wheel_path) as zf:
        return set(zf.namelist())


def test_the_wheel_carries_every_bundled_policy_and_its_cases(wheel: tuple[Path, str]) -> None:
    inside = names(wheel[0])
    policies = sorted(p.name for p in POLICY_DIR.glob("*.toml"))
    assert any(name.endswith(".cases.toml") for name in policies)
    missing = [name for name in policies if f"{BUNDLED}/policies/{name}" not in inside]
    assert policies and not missing, missing


def test_the_wheel_carries_every_resource(wheel: tuple[Path, str]) -> None:
    inside = names(wheel[0])
    resources = [p.relative_to(RESOURCES).as_posix() for p in RESOURCES.rglob("*") if p.is_file()]
    assert {"style.qss", "fonts/wqy-microhei.ttc", "export_templates/default.toml"} <= set(resources)
    missing = [rel for rel in resources if f"{BUNDLED}/resources/{rel}" not in inside]
    assert not missing, missing


def test_the_wheel_carries_every_module_of_the_program_and_no_tests(wheel: tuple[Path, str]) -> None:
    inside = names(wheel[0])
    modules = [p.relative_to(ROOT).as_posix() for p in (ROOT / "desktop_app").rglob("*.py")]
    missing = [m for m in modules if m not in inside]
    assert not missing, f"pyproject.toml [tool.setuptools] packages 缺少这些模块所在的包：{missing}"
    assert not [n for n in inside if n.startswith(("tests/", "bench/", "policies/", "resources/"))]


def test_the_licence_is_an_spdx_expression_and_the_build_warns_of_nothing(wheel: tuple[Path, str]) -> None:
    built, log = wheel
    with zipfile.ZipFile(built) as zf:
        metadata = next(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: LicenseRef-Proprietary" in metadata
    assert "DeprecationWarning" not in log and "is absent from the `packages` configuration" not in log


def test_installed_in_a_fresh_venv_the_program_finds_its_policies_and_resources(
    wheel: tuple[Path, str], tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel[0])], check=True
    )
    probe = textwrap.dedent("""
        import json
        import desktop_app
        from desktop_app.exchange.batch_template import load_template
        from desktop_app.reports.fonts import FONT_FILE, fonts_dir
        from desktop_app.services.paths import bundled_policy_dir, bundled_policy_files, resource_files
        from desktop_app.services.policies import PolicyCatalogue, policy_sources

        catalogue = PolicyCatalogue([bundled_policy_dir()])
        sources = policy_sources(catalogue)
        print(json.dumps({
            "package": desktop_app.__file__,
            "policies": str(bundled_policy_files()),
            "ids": catalogue.ids(),
            "unusable": [s.policy_id for s in sources if s.loaded is None],
            "bundled": all(s.loaded.bundled for s in sources if s.loaded),
            "style": len((resource_files() / "style.qss").read_text("utf-8")),
            "font": (fonts_dir() / FONT_FILE).is_file(),
            "template": load_template("default").name,
        }))
    """)
    deps = sysconfig.get_paths()["purelib"]  # the test venv's: PySide6, pydantic, … (not the editable install)
    env = {**os.environ, "PYTHONPATH": deps, "XDG_DATA_HOME": str(tmp_path / "xdg"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("ZHENGJIAO_POLICIES", None)
    done = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(env_dir), found["package"]
    assert Path(found["policies"]).is_relative_to(env_dir), found["policies"]
    bundled_ids = sorted(p.stem for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))
    assert found["ids"] == bundled_ids and not found["unusable"] and found["bundled"]
    assert found["style"] > 0 and found["font"] and found["template"]
