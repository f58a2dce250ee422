"""One module per screen family; each view fetches through ``kaoping.pages.page`` and renders."""
