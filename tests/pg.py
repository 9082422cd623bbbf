import pytest
from django.conf import settings

on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
postgres_only = pytest.mark.skipif(not on_postgres, reason="needs PostgreSQL (DATABASE_URL)")
sqlite_only = pytest.mark.skipif(on_postgres, reason="SQLite behaviour")
