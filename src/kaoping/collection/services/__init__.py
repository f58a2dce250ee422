"""Reading and writing survey values: every write goes through this package.

One module per job: ``reading`` (organisations, values, versions, history), ``saving`` (typed
texts into one table), ``batch`` (into several tables at once: a workbook import), ``listrows``
(adding and removing list rows), ``explanations`` (说明 answering warnings), ``findings`` (the
rules' findings) and ``writing`` (what every write shares: the checks before it, the version
claim, the audit-entry builder, the guards and listeners other apps register). The names below
are the collection layer's service interface.
"""

from kaoping.collection.services.batch import TablesResult, save_tables
from kaoping.collection.services.explanations import save_explanation
from kaoping.collection.services.findings import (
    campaign_findings,
    can_submit,
    count,
    every_finding,
    findings_by_org,
    findings_for,
    suspects,
)
from kaoping.collection.services.listrows import ListRowResult, add_list_row, remove_list_row
from kaoping.collection.services.quality import (
    baseline_refusal,
    baseline_values,
    quality_findings,
    set_baseline,
)
from kaoping.collection.services.reading import (
    Cell,
    LiveData,
    data_stamp,
    history,
    instance_orgs,
    load_survey_data,
    table_values,
    table_version,
)
from kaoping.collection.services.saving import ConflictCell, SaveResult, save_table
from kaoping.collection.services.writing import (
    CHANNELS,
    WRITE_GUARDS,
    WRITE_LISTENERS,
    SaveRefused,
    edit_refusal,
)

__all__ = [
    "CHANNELS",
    "WRITE_GUARDS",
    "WRITE_LISTENERS",
    "Cell",
    "ConflictCell",
    "ListRowResult",
    "LiveData",
    "SaveRefused",
    "SaveResult",
    "TablesResult",
    "add_list_row",
    "baseline_refusal",
    "baseline_values",
    "campaign_findings",
    "can_submit",
    "count",
    "data_stamp",
    "edit_refusal",
    "every_finding",
    "findings_by_org",
    "findings_for",
    "history",
    "instance_orgs",
    "load_survey_data",
    "quality_findings",
    "remove_list_row",
    "save_explanation",
    "save_table",
    "save_tables",
    "set_baseline",
    "suspects",
    "table_values",
    "table_version",
]
