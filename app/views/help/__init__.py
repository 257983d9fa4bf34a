"""The Help menu: keyboard shortcuts, where the files are, and About."""
