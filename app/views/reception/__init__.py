"""The Reception tab (接待登记): call records, answer book, promises, daily review."""
