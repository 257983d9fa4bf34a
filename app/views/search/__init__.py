"""The one search box of the main window (app/services/search.py does the finding)."""
