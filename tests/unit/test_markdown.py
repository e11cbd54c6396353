"""The municipality's own texts as Markdown: nothing fetched from outside."""

from so_analysis.report.markdown import to_html


def test_images_are_not_fetched():
    assert "<img" not in to_html("![x](http://example.org/a.png)")
