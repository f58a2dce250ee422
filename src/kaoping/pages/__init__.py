"""What every app that shows a survey table shares, below the apps and above ``kaoping.collection``.

``page``: open a (campaign, organisation) page through the access checks, load its data and
build a table's context; ``grid``: lay a table out like the paper form (pure data, no Django);
``status``: a fill status as a badge. Used by ``web``, ``reports``, ``transfer`` and ``workflow``;
it imports none of them (the import contracts in pyproject.toml keep it so).
"""
