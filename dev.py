"""One entry point for a fresh machine: `python3 dev.py run`, `python3 dev.py test`, `python3 dev.py zhengjiao …`.

It makes `.venv/` beside this file, installs the pinned dependencies from
pyproject.toml with the test tools (once for every command: `run` after `test` does
not install again; again only when pyproject.toml changes), and runs the app, the
tests, or the `zhengjiao` command line. Only the standard library is used here, so it
works before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# ZHENGJIAO_VENV names another folder, so that a second Python (CI runs the suite again on 3.13) gets its own
VENV = ROOT / os.environ.get("ZHENGJIAO_VENV", ".venv")
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"  # one stamp for run, test and zhengjiao: the app and its test tools together
EXTRAS = "test"
USAGE = """用法：
  python3 dev.py run [参数…]        打开窗口（默认演示村）；参数交给 zhengjiao，如 run quote input.json
  python3 dev.py test [参数…]       运行测试；参数交给 pytest，如 test -k jl-2022
  python3 dev.py zhengjiao [参数…]  在当前文件夹运行 zhengjiao 命令行，如 zhengjiao policies list
                                   （也可直接运行 .venv/bin/zhengjiao，Windows 上是 .venv\\Scripts\\zhengjiao）"""


def say(text: str) -> None:
    """Progress goes to stderr: what a passed-on command prints (JSON) stays clean on stdout."""
    print(text, file=sys.stderr, flush=True)


def ensure_env(*extra: str) -> None:
    """Install the app with the test tools (and any ``extra`` group, e.g. the build's) once per pyproject.toml.

    The stamp holds the pyproject digest and the groups installed with it, so `run` after `test`
    installs nothing, and the build adds PyInstaller only the first time it runs.
    """
    if sys.version_info < (3, 11):
        sys.exit("征缴通需要 Python 3.11 或更新版本")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    legacy = VENV / f".installed-{EXTRAS}"  # what `dev.py test` wrote before there was one stamp
    if not STAMP.exists() and legacy.exists() and legacy.read_text() == digest:
        legacy.rename(STAMP)
    wanted = sorted({EXTRAS, *extra})
    stamp = STAMP.read_text().split() if STAMP.exists() else []
    installed = set(stamp[1:] or [EXTRAS]) if stamp and stamp[0] == digest else set()
    if set(wanted) <= installed and PYTHON.exists():
        return
    if not PYTHON.exists():
        say("正在创建虚拟环境 .venv …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{','.join(wanted)}]"
    say(f"正在安装依赖（{target}，只在第一次和 pyproject.toml 改动后安装）…")
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True, stdout=sys.stderr)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT, stdout=sys.stderr)
    for old in VENV.glob(".installed-*"):  # the stamps of earlier dev.py versions, one per command
        old.unlink()
    STAMP.write_text(" ".join([digest, *wanted]))


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    rest = sys.argv[2:]
    if command in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    if command not in ("run", "test", "zhengjiao"):
        print(USAGE, file=sys.stderr)
        return 2
    ensure_env()
    if command == "run":
        return subprocess.call([str(PYTHON), "-m", "desktop_app", *(rest or ["gui", "--demo"])], cwd=ROOT)
    if command == "test":
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    # zhengjiao: in the caller's folder, so that relative paths (--db 新立村.sqlite) are theirs
    return subprocess.call([str(PYTHON), "-m", "desktop_app", *rest])


if __name__ == "__main__":
    sys.exit(main())
