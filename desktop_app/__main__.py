"""``python -m desktop_app``: the same start as the ``zhengjiao`` command (desktop_app.app)."""

from desktop_app.app import main

main()
