"""The register's "today" and the Danish date of its messages, below every other layer of
`hierarchy`: selectors, policy and services all read the day from here, so a read never has to
import the services for it."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the project's time zone (Europe/Copenhagen), the day every rule counts from."""
    return timezone.localdate()


def fmt(day: date) -> str:
    """dd-mm-åååå, as every Danish message shows a date."""
    return day.strftime("%d-%m-%Y")
