"""Villa Desk (别墅会所客服前台系统)."""

__version__ = "0.1.0"
