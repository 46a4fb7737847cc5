"""The superior level (huyện / thị xã / thành phố / tỉnh): expected communes, import, board, consolidation.

What the window and ``ebgov-desktop units | consolidate`` call. Plain data in, plain data out:

- the office printing the report: ``office`` / ``set_office`` / ``header_lines``;
- the expected communes: ``list_expected``, ``add_expected``, ``rename_expected``, ``remove_expected``,
  ``merge_expected``, ``import_expected`` (xlsx / CSV), ``learn_expected`` (from imported packages),
  ``name_history``;
- ``import_packages``: the package import of ``services.packages`` plus what the board needs (the
  check of each new package, key changes waiting for the officer, optionally learning communes);
- ``board`` (one row per expected commune + unexpected senders, the count sentence) and
  ``filter_board`` (what the window's filter does, also for the bench);
- ``resolve_conflict`` and ``accept_key_change`` (the officer's decisions on the board);
- ``consolidated`` (communes × indicators, sums, register) and the tables both the window and Excel
  show: ``consolidated_table``, ``register_table``, ``board_table``;
- ``commune_dataset`` / ``commune_report``: one commune's data and its own report, as it printed it.

Long work takes ``progress(done, total, text)`` and ``cancelled()`` like every background job.

One module per job: ``common`` (error, office, header), ``units`` (the expected list), ``list_import``
(a list from xlsx / CSV), ``packages`` (import and the officer's decisions), ``board``,
``consolidation`` and ``tables`` (the view and its tables), ``reports`` (PDF, workbook, one commune).
Everything public is importable from here.
"""

from __future__ import annotations

from .board import Board, BoardSearch, board, board_periods, filter_board
from .common import (
    SuperiorError,
    default_symbol,
    fold,
    header_lines,
    office,
    require_superior,
    set_office,
)
from .consolidation import ConsolidatedView, board_table, consolidated, consolidated_table, register_table
from .list_import import ListImport, import_expected
from .packages import (
    accept_key_change,
    import_packages,
    key_change,
    package_record,
    reject_key_change,
    resolve_conflict,
)
from .reports import (
    ConsolidatedResult,
    commune_dataset,
    commune_report,
    default_consolidated_name,
    ensure_period,
    export_consolidated,
    export_workbook,
    make_consolidated_report,
    report_data,
    workbook_sheets,
    write_consolidated_workbook,
)
from .tables import COUNTED_ROW, INDICATOR_FOOTER_ROWS
from .units import (
    ExpectedCommune,
    NameChange,
    add_expected,
    expected_in,
    learn_expected,
    list_expected,
    merge_expected,
    name_history,
    remove_expected,
    rename_expected,
)

__all__ = [
    "SuperiorError",
    "ExpectedCommune",
    "NameChange",
    "ListImport",
    "Board",
    "BoardSearch",
    "ConsolidatedView",
    "require_superior",
    "office",
    "set_office",
    "header_lines",
    "default_symbol",
    "fold",
    "list_expected",
    "expected_in",
    "add_expected",
    "rename_expected",
    "remove_expected",
    "merge_expected",
    "import_expected",
    "learn_expected",
    "name_history",
    "import_packages",
    "board",
    "filter_board",
    "board_periods",
    "resolve_conflict",
    "accept_key_change",
    "reject_key_change",
    "key_change",
    "package_record",
    "consolidated",
    "consolidated_table",
    "COUNTED_ROW",
    "INDICATOR_FOOTER_ROWS",
    "register_table",
    "board_table",
    "commune_dataset",
    "commune_report",
    "ensure_period",
    "ConsolidatedResult",
    "default_consolidated_name",
    "report_data",
    "make_consolidated_report",
    "workbook_sheets",
    "write_consolidated_workbook",
    "export_consolidated",
    "export_workbook",
]
