"""The embedded SQLite database engine: Django's, with its writers taking turns (``base``)."""
