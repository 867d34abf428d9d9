"""Qt widgets, item models and the background-task helper. The only package that imports PySide6.

Rules: widgets are touched on the main thread only; work that may block (database, network)
goes through ``ui.tasks.TaskRunner``; errors are shown through ``ui.errors.ErrorPresenter``;
every string goes through ``tr()`` (texts from outside ``ui/`` through ``ui.messages``).
"""
