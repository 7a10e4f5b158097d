"""Where the built program finds its own files and the village's data, and how a township's
policy update in the data folder is taken — or refused, with the bundled file kept."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app import _bundled
from desktop_app.services import paths
from desktop_app.services.policies import PolicyCatalogue, describe_source, policy_sources
from tests.village import POLICY_DIR, ROOT

JL = (POLICY_DIR / "jl-2022.toml").read_text("utf-8")
JL_CASES = (POLICY_DIR / "jl-2022.cases.toml").read_text("utf-8")


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built 征缴通/ folder as PyInstaller lays it out: the executable, _internal/ beside it."""
    folder = tmp_path / "征缴通"
    (folder / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(folder / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "征缴通"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ZHENGJIAO_DB", raising=False)
    return folder


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user data folder of its own (XDG), with the bundled policies where the source tree has them."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ZHENGJIAO_POLICIES", raising=False)
    folder = paths.data_dir()
    assert folder == tmp_path / "xdg" / "zhengjiao"
    yield folder


def drop(data: Path, name: str, text: str) -> Path:
    target = data / "policies" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return target


def test_from_source_the_program_files_are_the_repository_and_no_data_folder_beside_it_is_used() -> None:
    assert paths.resource_dir() == paths.resource_files() == ROOT / "resources"
    assert paths.bundled_policy_dir() == paths.bundled_policy_files() == POLICY_DIR
    assert (paths.resource_files() / "style.qss").is_file()
    assert paths.portable_data_dir() is None
    assert not paths.is_frozen()


def test_a_wheel_or_the_built_folder_carries_the_files_inside_the_package_and_those_are_used(tmp_path: Path) -> None:
    package, checkout = tmp_path / "site-packages" / "desktop_app" / "_bundled", tmp_path / "checkout"
    (package / "policies").mkdir(parents=True)
    (checkout / "policies").mkdir(parents=True)
    assert _bundled.locate("policies", package, checkout) == package / "policies"
    assert _bundled.locate("resources", package, checkout) == checkout / "resources"


def test_the_built_program_is_the_folder_holding_the_executable(built: Path) -> None:
    assert paths.is_frozen()
    assert paths.program_dir() == built.resolve()


def test_without_a_data_folder_beside_it_the_built_program_uses_the_users_data_folder(built: Path) -> None:
    assert paths.portable_data_dir() is None
    assert paths.data_dir() == built.parent / "xdg" / "zhengjiao"
    assert paths.default_db_path() == built.parent / "xdg" / "zhengjiao" / "zhengjiao.sqlite"


def test_a_data_folder_beside_the_executable_holds_everything_for_use_from_a_stick(built: Path) -> None:
    (built / "data").mkdir()
    portable = built.resolve() / "data"
    assert paths.data_dir() == portable
    assert paths.default_db_path() == portable / "zhengjiao.sqlite"
    assert paths.policy_override_dir() == portable / "policies"
    assert paths.log_dir() == portable / "logs"


def test_on_windows_the_data_folder_is_zhengjiao_in_local_app_data() -> None:
    assert paths.user_data_dir("nt", {"LOCALAPPDATA": "/users/li/AppData/Local"}) == Path(
        "/users/li/AppData/Local/Zhengjiao"
    )
    assert paths.user_data_dir("posix", {"XDG_DATA_HOME": "/home/li/.data"}) == Path("/home/li/.data/zhengjiao")
    assert paths.user_data_dir("posix", {}) == Path.home() / ".local" / "share" / "zhengjiao"


def test_a_newer_valid_policy_in_the_data_folder_replaces_the_bundled_one(data: Path) -> None:
    newer = JL.replace("issued_on = 2021-09-23", "issued_on = 2021-10-15")
    path = drop(data, "jl-2022.toml", newer)
    loaded = PolicyCatalogue().load("jl-2022")
    assert loaded.path == path and not loaded.bundled and not loaded.refused
    assert str(loaded.policy.issued_on) == "2021-10-15"
    bundled = PolicyCatalogue([POLICY_DIR]).load("jl-2022")
    assert bundled.bundled and loaded.sha256 != bundled.sha256


def test_a_broken_update_is_refused_in_chinese_and_the_bundled_file_is_used(data: Path) -> None:
    path = drop(data, "jl-2022.toml", JL.replace("benefit_year = 2022", "benefit_yaer = 2022"))
    loaded = PolicyCatalogue().load("jl-2022")
    assert loaded.path == POLICY_DIR / "jl-2022.toml" and loaded.bundled
    (note,) = loaded.refused
    assert str(path) in note and "未采用" in note and "benefit_yaer" in note and "未知的键" in note


def test_an_update_older_than_the_bundled_file_is_refused(data: Path) -> None:
    drop(data, "jl-2022.toml", JL.replace("issued_on = 2021-09-23", "issued_on = 2020-09-01"))
    loaded = PolicyCatalogue().load("jl-2022")
    assert loaded.bundled
    assert "旧文件" in loaded.refused[0] and "2020-09-01" in loaded.refused[0]


def test_an_update_whose_own_cases_fail_is_refused(data: Path) -> None:
    drop(data, "jl-2022.toml", JL.replace("amount = 360\n", "amount = 380\n", 1))
    drop(data, "jl-2022.cases.toml", JL_CASES)
    loaded = PolicyCatalogue().load("jl-2022")
    assert loaded.bundled
    assert "用例" in loaded.refused[0] and "不成立" in loaded.refused[0]


def test_an_update_with_its_cases_holding_is_taken(data: Path) -> None:
    drop(data, "jl-2022.toml", JL + "\n# 乡镇转发的更正版\n")
    drop(data, "jl-2022.cases.toml", JL_CASES)
    loaded = PolicyCatalogue().load("jl-2022")
    assert not loaded.bundled and not loaded.refused


def test_the_cli_and_the_about_text_show_the_file_in_use_and_its_hash(data: Path) -> None:
    from desktop_app.cli import cli
    from desktop_app.ui.about_dialog import about_text

    path = drop(data, "hn-2022.toml", (POLICY_DIR / "hn-2022.toml").read_text("utf-8") + "\n# 更新\n")
    drop(data, "jl-2022.toml", "id = ")
    sources = {s.policy_id: s for s in policy_sources(PolicyCatalogue())}
    hn = sources["hn-2022"].loaded
    assert hn is not None
    lines = describe_source(sources["hn-2022"])
    assert f"  文件：{path}（数据文件夹中的更新）" in lines and f"  SHA-256：{hn.sha256}" in lines

    result = CliRunner().invoke(cli, ["policies", "list"])
    assert result.exit_code == 0, result.output
    assert str(path) in result.stdout and hn.sha256 in result.stdout
    assert "未采用" in result.stderr and "jl-2022.toml" in result.stderr

    text = about_text(PolicyCatalogue(), "hn-2022", data / "zhengjiao.sqlite")
    assert text.index("本村使用的政策：") < text.index(str(path)) < text.index("其他政策：")
    assert hn.sha256 in text and str(paths.log_dir()) in text and "未采用" in text


def test_the_about_dialog_copies_the_policy_file_and_hash_for_the_county(qtbot: QtBot, data: Path) -> None:
    from desktop_app.ui.about_dialog import AboutDialog

    dialog = AboutDialog(PolicyCatalogue(), "jl-2022", data / "zhengjiao.sqlite")
    qtbot.addWidget(dialog)
    loaded = PolicyCatalogue().load("jl-2022")
    assert dialog.details.toPlainText() == dialog.text and loaded.sha256 in dialog.text
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.text and dialog.copy.text() == "已复制"


def test_the_accessor_of_shipped_files_imports_nothing_of_the_program_so_every_layer_may_use_it() -> None:
    tree = ast.parse(Path(_bundled.__file__).read_text("utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert imported and not [m for m in imported if m.startswith("desktop_app")]
