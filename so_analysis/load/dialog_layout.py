"""Where things sit in a dialog template (*dialogmall*): shared by its writer and its reader."""

from __future__ import annotations

DIALOG_FOLDER = "dialogmallar"

# The expert and the period are identified by these cells of the statistics sheet.
CELL_PROVIDER_ID = "B2"
CELL_PERIOD = "B3"
# The visit date on the checklist sheet, and the row of each sheet's table header.
CELL_VISIT_DATE = "B1"
PLAN_HEADER_ROW = 1
CHECKLIST_HEADER_ROW = 3
STATISTICS_HEADER_ROW = 9

PLAN_FIELDS = ("area", "finding", "action", "responsible", "due", "status")
CHECKLIST_FIELDS = ("requirement", "fulfilled", "deadline", "comment")
PLAN_COLUMNS = (
    "provider_id",
    "period",
    "area",
    "finding",
    "action",
    "responsible",
    "due",
    "status",
    "follow_up",
    "_row",
)
CHECKLIST_COLUMNS = (
    "provider_id",
    "requirement",
    "fulfilled",
    "visit_date",
    "deadline",
    "remedied",
    "comment",
    "_row",
)

# One plan row per parameter, in this order; both efficiency parameters fall under one area.
PLAN_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("lead_time", "effektivitet"),
    ("duration", "effektivitet"),
    ("satisfaction", "kundnojdhet"),
    ("dropouts", "avbrott"),
    ("authorization", "auktorisation"),
)
SPARE_PLAN_ROWS = 10
SPARE_CHECKLIST_ROWS = 3
MIN_DATE_SERIAL = 36526  # 2000-01-01 in Excel's day count: the date validations' lower bound
