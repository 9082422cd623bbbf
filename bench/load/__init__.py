"""The load test (issue 27): locust's simulated municipal administrators against gunicorn and
PostgreSQL. See bench/load/README.md."""
