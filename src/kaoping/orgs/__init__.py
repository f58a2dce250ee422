"""Organisations, people, roles, permissions and API tokens."""
