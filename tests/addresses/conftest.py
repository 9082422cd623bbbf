import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


@pytest.fixture(autouse=True)
def clear_cache():
    """The HTTP provider caches answers and remembers a failing service for a while."""
    cache.clear()
    yield
    cache.clear()


class FakeDawa:
    """A DAWA-compatible service on 127.0.0.1. Tests register an answer per path; each answer
    is (status, body bytes, delay seconds). Requests are recorded as (path, query dict)."""

    def __init__(self):
        self.answers: dict[str, tuple[int, bytes, float]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def answer(self, path, body=b"[]", *, status=200, delay=0.0):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.answers[path] = (status, body, delay)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                fake.requests.append((parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}))
                status, body, delay = fake.answers.get(
                    parts.path, (404, b'{"type":"ResourceNotFoundError"}', 0)
                )
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def dawa():
    fake = FakeDawa()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def http_provider_settings(settings, dawa):
    settings.ADDRESS_PROVIDER = "http"
    settings.ADDRESS_HTTP_BASE_URL = dawa.url
    settings.ADDRESS_HTTP_TIMEOUT = 0.3
    return settings
