"""The manager's rule book: deadline rules and the site's holiday calendar."""
