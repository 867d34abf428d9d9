"""Use cases the UI calls. Each opens one unit of work per user action and commits it."""
