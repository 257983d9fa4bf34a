"""The household file as opened from the global villa search."""
