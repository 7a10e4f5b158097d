"""The ui layer: the collector's window — PySide6 widgets, models, dialogs and their presenters.

Holds the start (``ui.app``: wizard or login, then the main window), the main window and
its actions, the payment, register, void/refund, print, import and settings dialogs, and
presenters that decide what they show without a widget. Who is logged in and the year
they work in (``Acting``) is handed to every dialog.

May import: ``desktop_app.services``, ``desktop_app.demo`` and ``desktop_app.domain``
values, and Qt. Never ``store``, ``policy``, ``exchange``, ``reports`` or ``cli``: no SQL,
no policy logic; printouts go through ``services.printouts``.
"""
