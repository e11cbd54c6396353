"""The dialog template (*dialogmall*) each expert gets before the visit.

Before a visit the municipality sends every expert its statistics and a checklist; at the visit
a development plan (*utvecklingsplan*) is agreed per parameter. Per expert:

- `build_workbook` (`workbook`): an Excel workbook with the sheets Statistik (the expert's figures
  against the targets, the experts' mean and the figure over all participants), Utvecklingsplan
  (one row per parameter, the finding pre-filled, drop-down lists) and Checklista;
- `statistics_html` (`page`): the same statistics as a self-contained HTML page for e-mail;
- `finding` and the statistics rows (`statistics`) read the publication model.

What a template may show (decided here and in `report.publication`): the template goes to one
expert and is not published. Its own figures are shown in full, even those resting on fewer than
`min_n` observations: they are marked as shown to it alone and not published, and no target is
judged on them. The columns comparing it with all experts (`_mean`, `_all`) read exactly as
published; no other expert's figure appears.

Reading a returned template back is `so_analysis.load.dialog.reader`.
"""

from __future__ import annotations

from pathlib import Path

from so_analysis.report.dialog.page import statistics_html
from so_analysis.report.dialog.statistics import finding
from so_analysis.report.dialog.workbook import build_workbook
from so_analysis.report.publication.model import Report

__all__ = ["build_workbook", "finding", "statistics_html", "write_dialog_templates"]


def write_dialog_templates(report: Report, out_dir: Path, lang: str = "sv") -> list[Path]:
    """Write a workbook and an e-mail page per expert (`{slug}.xlsx`, `{slug}.html`); return them."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for pid, slug in report.analysis.slugs.items():
        xlsx = out_dir / f"{slug}.xlsx"
        build_workbook(report, pid, lang).save(xlsx)
        page = out_dir / f"{slug}.html"
        page.write_text(statistics_html(report, pid, lang), encoding="utf-8")
        written += [xlsx, page]
    return written
