"""Ad-hoc summaries (自定义汇总, docs/spec.md §13.5): chosen columns of one table, a row per
unit of a level (the cities of a province; the provinces of the nation), totals, ratios to
base figures, sorted and filtered, and the same grid as a workbook.

``units`` offers a table's columns at the city level and reads each city's values;
``grid`` turns a ``Spec`` (what the user picked) and the units into the grid; ``workbook``
writes it. The national level reads the provinces' stored rows (``core.national.tables``).
"""
