"""SQLite (the embedded database) answers "database is locked" when a writer has waited the
whole busy timeout for another one. That is a conflict between two saves, not a server error:
the transaction was rolled back, so answer with the Danish conflict message and let the user
try again."""

from django.db import OperationalError
from django.http import HttpResponse

MSG_DATABASE_BUSY = (
    "Registret er optaget af en anden ændring lige nu, så din ændring er ikke gemt. "
    "Vent et øjeblik, og prøv igen."
)


def is_database_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        response = HttpResponse(MSG_DATABASE_BUSY, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
