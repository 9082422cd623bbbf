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
    """The Adressevælgeren provider caches answers and remembers a failing service for a while."""
    cache.clear()
    yield
    cache.clear()


class FakeAdressevaelger:
    """A server speaking Adressevælgeren's documented shapes on 127.0.0.1. Tests register
    answers per path, optionally only for requests whose query contains `when`; the newest
    matching registration wins. Each answer is (status, body bytes, delay seconds), or a `raw`
    function that writes the whole answer itself (a hostile server: slow headers, a trickled
    body); raw writers stop when `stopped` is set at the end of the test. Requests are recorded
    as (path, query dict)."""

    def __init__(self):
        self.answers: list[tuple[str, dict, tuple[int, bytes, float]]] = []
        self.requests: list[tuple[str, dict]] = []
        self.stopped = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def answer(
        self,
        path,
        body=b'{"status": "ok", "beskrivelse": "", "fund": []}',
        *,
        when=None,
        status=200,
        delay=0.0,
        raw=None,
    ):
        if raw is not None:
            self.answers.append((path, dict(when or {}), (status, raw, delay)))
            return
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.answers.append((path, dict(when or {}), (status, body, delay)))

    def find(self, path, query):
        for known, when, answer in reversed(self.answers):
            if known == path and all(query.get(k) == v for k, v in when.items()):
                return answer
        return (404, b'{"status": "fejl", "beskrivelse": "Ikke fundet"}', 0)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                fake.requests.append((parts.path, query))
                status, body, delay = fake.find(parts.path, query)
                if delay:
                    time.sleep(delay)
                try:
                    if callable(body):
                        body(self.wfile, fake.stopped)
                        return
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def av():
    fake = FakeAdressevaelger()
    fake.thread.start()
    yield fake
    fake.stopped.set()
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def av_settings(settings, av):
    settings.ADDRESS_PROVIDER = "adressevaelger"
    settings.ADDRESS_HTTP_BASE_URL = av.url
    settings.ADDRESS_TOKEN = "test-token"
    settings.ADDRESS_HTTP_TIMEOUT = 0.3
    return settings


def answer_gadekaeret(av):
    """Ved Gadekæret 15A, 3540 Lynge: the street, its husnumre and adresser."""
    av.answer(
        "/husnumre/soeg", recorded("husnumre-soeg-ved-gadekaeret-15a.json"), when={"postnummer": "3540"}
    )
    av.answer(
        "/adresser/soeg", recorded("adresser-soeg-ved-gadekaeret-15a.json"), when={"postnummer": "3540"}
    )
