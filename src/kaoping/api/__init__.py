"""The JSON API (django-ninja): a thin layer over the collection services."""
