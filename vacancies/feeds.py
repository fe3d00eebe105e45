"""``/vacancies/feed/``: the list's vacancies for the same query, as Atom, newest first."""

import re
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .eligibility import Eligibility
from .labels import country_name, stations_text
from .querystrings import list_query
from .selectors import public_vacancies
from .seo import absolute_url

FEED_LENGTH = 50
# Characters XML 1.0 cannot carry at all (a search or a pasted ToR may hold them).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return XML_ILLEGAL.sub("", text)


class VacancyFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "New Junior Professional Officer vacancies on JPO Board."

    def get_object(self, request, *args, **kwargs):
        self.query = list_query(request.GET)
        self.query.pop("page", None)
        return public_vacancies(query=request.GET, request=request)

    def title(self, filterset):
        search = xml_text(filterset.search_text)
        return f"JPO Board: vacancies matching “{search}”" if search else "JPO Board: vacancies"

    def link(self, filterset):
        query = self.query.urlencode()
        return reverse("vacancies:list") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        query = self.query.urlencode()
        return reverse("vacancies:feed") + (f"?{query}" if query else "")

    # Atom ids are a feed's and an entry's identity for readers: built from the request's Host, the
    # same vacancy reached by another name of the site would come back as a new entry.
    def feed_guid(self, filterset):
        return absolute_url(self.feed_url(filterset))

    def item_guid(self, vacancy):
        return absolute_url(vacancy.get_absolute_url())

    def items(self, filterset):
        return filterset.qs.newest_first().for_list()[:FEED_LENGTH]

    def item_title(self, vacancy):
        return xml_text(f"{vacancy.title} ({vacancy.organization})")

    def stations(self, vacancy):
        return stations_text(vacancy.station_rows)

    def item_description(self, vacancy):
        lines = [f"Organization: {vacancy.organization}", f"Duty stations: {self.stations(vacancy)}"]
        if vacancy.duration_months:
            lines.append(f"Duration: {vacancy.duration_months} months")
        if vacancy.closes_on:
            lines.append(f"Closes on: {vacancy.closes_on.isoformat()}")
        lines += Eligibility(vacancy).lines()
        if vacancy.summary:
            lines.append(vacancy.summary)
        # Atom's summary is type="html": readers un-escape the XML and then read HTML, so
        # the ToR's text is HTML-escaped first.
        return escape(xml_text("\n".join(lines))).replace("\n", "<br>")

    def item_author_name(self, vacancy):
        return xml_text(vacancy.organization)

    def item_categories(self, vacancy):
        return [xml_text(vacancy.organization), *(country_name(country) for _, country, _ in vacancy.station_rows)]

    def item_pubdate(self, vacancy):
        if vacancy.posted_on is None:
            return vacancy.created_at
        return timezone.make_aware(datetime.combine(vacancy.posted_on, time.min), timezone.get_default_timezone())

    def item_updateddate(self, vacancy):
        return vacancy.updated_at
