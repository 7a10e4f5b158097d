"""What ships with the program — the policy files and resources/ — found through importlib.resources.

DESIGN.md keeps ``policies/`` and ``resources/`` at the top of the source tree, where a
policy clerk finds them. An installed or built program carries them *inside this package*
instead, so that ``importlib.resources`` finds them wherever the package is:

- a wheel: pyproject.toml maps the two folders to the packages
  ``desktop_app._bundled.policies`` and ``desktop_app._bundled.resources``
  (``[tool.setuptools.package-dir]``, their files as package data);
- the PyInstaller folder: build_scripts/zhengjiao.spec collects them to
  ``_internal/desktop_app/_bundled/…`` beside this module;
- a source checkout or an editable install: this package has no such folders, so the
  checkout's own top-level folder is used (two levels above this file).

This module imports nothing of the application, so any layer that needs a shipped file
(services, reports for the font, exchange for the export templates) may import it.
It is not a layer of its own and holds no rule, only where the files are.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

POLICIES = "policies"
RESOURCES = "resources"

CHECKOUT = Path(__file__).resolve().parents[2]
"""The source tree's root, used when the folders are not inside the package."""


def locate(name: str, inside: Traversable, checkout: Path = CHECKOUT) -> Traversable:
    """``name`` inside the package when it is there (wheel, built folder), else in the checkout."""
    packaged = inside / name
    if packaged.is_dir():
        return packaged
    return checkout / name


def bundled(name: str) -> Traversable:
    """The shipped folder ``policies`` or ``resources``, wherever this installation keeps it."""
    return locate(name, files(__name__))


def policy_files() -> Traversable:
    """The policy files (``<id>.toml`` and ``<id>.cases.toml``) shipped with this version."""
    return bundled(POLICIES)


def resource_files() -> Traversable:
    """Fonts, icons, the style sheet and the export templates shipped with this version."""
    return bundled(RESOURCES)


def on_disk(folder: Traversable) -> Path:
    """The folder as a file-system path, for what needs a file name (Qt's font and icon loaders).

    Every supported installation unpacks to disk: a wheel installed by pip, the source
    tree, and the PyInstaller folder (its resource reader returns real paths). A zipped
    installation is refused here, in Chinese, instead of failing later with a bare name.
    """
    if isinstance(folder, Path):
        return folder
    raise FileNotFoundError(f"程序文件 {folder} 不在磁盘上（压缩包内的安装不受支持）；请重新安装程序")


def resource_dir() -> Path:
    """resources/ as a folder on disk."""
    return on_disk(resource_files())


def policy_dir() -> Path:
    """The shipped policies/ as a folder on disk."""
    return on_disk(policy_files())
