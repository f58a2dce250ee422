"""One module per screen family; each view fetches through ``kaoping.web.page`` and renders."""
