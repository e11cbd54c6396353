"""Returned dialog templates (`DATA/dialogmallar/<slug>.xlsx`): read, bounded and validated, and
merged into the plans, checklist and visit notes; the writer is `report.dialog`."""
