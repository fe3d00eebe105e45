"""The import report of a draft, for its change form: which fields were read, inferred and missing."""

from django import template

from ..models import Vacancy

register = template.Library()


def label(name):
    """ "closes_on" -> "Closing date"; a station's inferred country -> "Duty station 1: country"."""
    if name.startswith("duty_stations."):
        _, index, part = name.split(".")
        return f"Duty station {int(index) + 1}: {part}"
    try:
        return str(Vacancy._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a report written by an older importer may name a field no longer there
        return name.replace("_", " ").capitalize()


@register.simple_tag
def import_report(vacancy):
    """The report as labels, or ``None`` when the vacancy was not imported."""
    report = getattr(vacancy, "import_report", None) or {}
    if not report:
        return None
    return {
        "file": report.get("file", ""),
        "read": [label(name) for name in report.get("read", [])],
        "inferred": [(label(name), why) for name, why in report.get("inferred", {}).items()],
        "missing": [label(name) for name in report.get("missing", [])],
        # What was inferred is listed under its own heading, with why.
        "warnings": [w for w in report.get("warnings", []) if not w.startswith("Inferred ")],
        "counts": report.get("counts", {}),
    }
