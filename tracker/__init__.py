"""tracker: a terminal kanban for interview follow-ups."""

__version__ = "0.1.0"
