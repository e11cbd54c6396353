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

# ---- the dialog sheets (issue 11): where the visit's notes and the follow-up sit ----
# The sheets (instructions, statistics, dialog, plan, follow_up, checklist) are named by the text
# `dialog.sheet_<key>` or `template.sheet_<key>` of the template's language. A returned template
# is read in either language: the reader takes the language whose sheet names it has.
# Dialog: header `Ämne | Expertens kommentar | Kommunens anteckningar` on row 1, a topic a row.
DIALOG_HEADER_ROW = 1
DIALOG_FIELDS = ("topic", "expert_comment", "municipality_notes")
# The topics of the visit in template order: the four parameters, then the seed report's topics.
PARAMETER_TOPICS = ("lead_time", "duration", "satisfaction", "dropouts")
TOPICS = (
    *PARAMETER_TOPICS,
    "content",
    "language",
    "study_visits",
    "development",
    "administration",
    "cooperation",
)
DIALOG_COLUMNS = ("provider_id", "period", "topic", "expert_comment", "municipality_notes", "_row")
# Uppföljning: header `Område | Åtgärd | Klart senast | Status | Uppföljning` on row 1, one row per
# plan item of the previous period (area, action and due written by the municipality).
FOLLOW_UP_HEADER_ROW = 1
FOLLOW_UP_FIELDS = ("area", "action", "due", "status", "follow_up")
FOLLOW_UP_COLUMNS = (
    "provider_id",
    "period",  # the period of the plan followed up (the template's previous period)
    "reported_in",  # the template's own period: the report that shows this follow-up
    "area",
    "action",
    "due",
    "status",
    "follow_up",
    "_row",
    "_sheet",  # the sheet's name as written (Swedish or English), for a fault found later
)
# Instructions: the date to return the template by, in a real date cell.
CELL_RETURN_BY = "B4"
RETURN_DAYS = 28  # default: four weeks after the as-of date
