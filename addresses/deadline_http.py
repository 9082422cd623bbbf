"""One HTTP GET that ends within a total deadline: name resolution, connect, TLS, request,
status line, headers and body together, and a body of at most `max_bytes`.

A socket timeout (urllib's, requests' and httpx's `timeout`) bounds each wait for the next
bytes, not the request: a server that sends its headers or its body one byte every half second
never trips it, and held every worker in issue 22. So every read here is given only the time
left (`_DeadlineReader` sets the socket's timeout to it before each `recv_into`, also while
http.client reads the status line and headers), the connect gets the time left, the name is
resolved in a helper thread that is waited for only until the deadline, and a body is refused
as soon as it (or its Content-Length) passes `max_bytes`. One gap remains: each read of the
TLS handshake (a few round trips, inside the ssl module) may wait the time left when the
handshake began, so a TLS server trickling its handshake can take a small multiple of it.

Standard library only: requests, urllib3 and httpx have no total deadline for a synchronous
call, and pycurl (which has one) would bring libcurl and its own TLS stack for one GET.
"""

import http.client
import io
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from urllib.parse import urlsplit

# getaddrinfo cannot be interrupted; a hung resolver keeps one of these threads, not a worker.
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="sor-resolve")


class DeadlineExceeded(TimeoutError):
    pass


class TooLarge(ValueError):
    pass


class HTTPStatusError(Exception):
    def __init__(self, status: int):
        super().__init__(f"HTTP {status}")
        self.status = status


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("deadline passed")
    return left


class _DeadlineReader(io.RawIOBase):
    """The socket's raw stream (its SocketIO, which keeps the socket open while the response
    is read) whose every read waits at most until the deadline."""

    def __init__(self, sock, raw, deadline: float):
        self._sock = sock
        self._raw = raw
        self._deadline = deadline

    def readable(self):
        return True

    def readinto(self, buffer):
        self._sock.settimeout(_left(self._deadline))
        try:
            return self._raw.readinto(buffer)
        except TimeoutError as exc:
            raise DeadlineExceeded("deadline passed while reading") from exc

    def close(self):
        self._raw.close()
        super().close()


def _response_class(deadline: float):
    class DeadlineResponse(http.client.HTTPResponse):
        def __init__(self, sock, *args, **kwargs):
            super().__init__(sock, *args, **kwargs)
            self.fp = io.BufferedReader(_DeadlineReader(sock, self.fp.detach(), deadline))

    return DeadlineResponse


def _resolve(host: str, port: int, deadline: float):
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        return future.result(timeout=_left(deadline))
    except FutureTimeout as exc:
        raise DeadlineExceeded("name resolution too slow") from exc


def _connector(host: str, port: int, deadline: float):
    """socket.create_connection to the addresses resolved within the deadline."""

    def create_connection(address, timeout=None, source_address=None):
        error = None
        for family, kind, proto, _, sockaddr in _resolve(host, port, deadline):
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(_left(deadline))
                sock.connect(sockaddr)
                sock.settimeout(_left(deadline))  # the TLS handshake and the request
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error or OSError(f"no address for {host}")

    return create_connection


def get(url: str, *, headers: dict, deadline: float, max_bytes: int) -> tuple[int, bytes]:
    """(status, body) of GET `url`, all of it before `deadline` (a time.monotonic() value).
    Raises DeadlineExceeded, TooLarge, OSError or http.client.HTTPException."""
    parts = urlsplit(url)
    https = parts.scheme == "https"
    host, port = parts.hostname or "", parts.port or (443 if https else 80)
    if https:
        connection = http.client.HTTPSConnection(
            host, port, timeout=_left(deadline), context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=_left(deadline))
    connection._create_connection = _connector(host, port, deadline)
    connection.response_class = _response_class(deadline)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        declared = response.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"answer of {declared} bytes")
        body = bytearray()
        while chunk := response.read1(65536):
            body += chunk
            if len(body) > max_bytes:
                raise TooLarge(f"answer over {max_bytes} bytes")
        if response.length:  # the connection closed before the declared length
            raise http.client.IncompleteRead(bytes(body), response.length)
        return response.status, bytes(body)
    finally:
        connection.close()
