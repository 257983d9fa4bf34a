"""Signing in, first-run set-up, switching user and the idle lock."""
