"""The page for developers of systems that read SOR (/udviklere/): the JSON API and FHIR."""

from django.shortcuts import render


def developers(request):
    """Open to everyone, logged in or not, like the tilgængelighedserklæring."""
    base = request.build_absolute_uri("/").rstrip("/")
    return render(request, "udviklere.html", {"base": base})
