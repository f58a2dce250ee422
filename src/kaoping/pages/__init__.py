"""What the apps' pages share, below the apps and above ``kaoping.collection``.

``page``: open a (campaign, organisation) page through the access checks, load its data and
build a table's context; ``grid``: lay a table out like the paper form (pure data, no Django);
``status``: a fill status as a badge; ``outcome``: run an action from a POST and report how it
went. Used by ``web``, ``reports``, ``transfer``, ``workflow`` and ``evaluation``; it imports
none of them (the import contracts in pyproject.toml keep it so).
"""
