"""The main window: tabs, the global villa search and the status bar."""
