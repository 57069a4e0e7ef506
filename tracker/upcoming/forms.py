"""The filter of the upcoming elections: a GET form read from the query string."""

from __future__ import annotations

from ..countries import country_code
from ..elections.forms import ElectionFilterForm
from ..formfields import LocalForm, clean
from ..records import ElectionFilter


class UpcomingFilterForm(LocalForm):
    """Which scheduled elections to list (the page) or to put in the calendar (the feed): those of an
    organisation (acronym, any case) and with a candidate nominated by a country (ISO alpha-3 code).
    The same fields, limits and messages as the elections list's filter."""

    organisation = ElectionFilterForm.organisation
    country = ElectionFilterForm.country

    def filters(self) -> ElectionFilter:
        """The filter this form describes."""
        return ElectionFilter(
            organisation=clean(self.organisation.data),
            country=country_code(clean(self.country.data)),
        )

    def chosen(self) -> dict[str, str]:
        """The filters given, as query string arguments (to carry from the page to the feed)."""
        chosen = {name: value for name, value in self.data.items() if clean(value)}
        if "country" in chosen:  # a name given in the page's form is the code in a feed's address
            chosen["country"] = country_code(clean(chosen["country"]))
        return chosen

    def problems(self) -> str:
        """Every field's errors in one line: "Nominating country: An ISO alpha-3 code, e.g. MAR."."""
        return "; ".join(f"{self[name].label.text}: {' '.join(map(str, errors))}" for name, errors in self.errors.items())
