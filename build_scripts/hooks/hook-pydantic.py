"""Replaces pyinstaller-hooks-contrib's pydantic hook (user hooks take priority).

The contributed hook collects every pydantic submodule, among them pydantic.v1 (which
pulls in hypothesis through its plugin) and pydantic.mypy (which pulls in mypy) — some
megabytes the app never imports. The app uses pydantic 2's own API only.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules(
    "pydantic", filter=lambda name: not name.startswith(("pydantic.v1", "pydantic.mypy"))
)
