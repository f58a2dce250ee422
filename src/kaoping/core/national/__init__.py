"""The nation's view of a national campaign: consolidation and 表1 over the provinces (docs/spec.md §11)."""
