"""Write a page for each series and one page listing them all."""

from __future__ import annotations

from pelican.generators import Generator


class SeriesPages(Generator):
    """Pelican runs this after the articles, so `all_series` is in the context by then."""

    def generate_output(self, writer) -> None:
        all_series = self.context.get("all_series", [])
        relative = self.settings["RELATIVE_URLS"]
        for info in all_series:
            writer.write_file(
                info.save_as,
                self.get_template("series"),
                self.context,
                relative,
                template_name="series",
                url=info.url,
                series=info,
            )
        save_as = self.settings["SERIES_INDEX_SAVE_AS"]
        if all_series and save_as:
            writer.write_file(
                save_as,
                self.get_template("series_index"),
                self.context,
                relative,
                template_name="series_index",
                url=self.settings["SERIES_INDEX_URL"],
            )


def add_series_pages(pelican) -> type[Generator]:
    """Hand Pelican the generator of the series pages."""
    return SeriesPages
