"""A small OpenID provider on 127.0.0.1 for the login tests: discovery, JWKS, authorize (answers
at once with a code, as if the user had signed in with MitID Erhverv), token (checks the PKCE
verifier and the client, signs an RS256 id_token with joserfc), end session. Each test sets the
claims of the next login and, for the refusal tests, what to break in the id_token."""

import base64
import hashlib
import json
import secrets
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


class LocalProvider:
    client_id = "sor-admin-test"
    client_secret = "test-secret"

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.claims: dict = {}
        self.tamper: str | None = None  # "signature", "nonce", "audience", "expired", "issuer"
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.end_session = True
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- what the relying party sees ----------------------------------------------------

    def discovery(self) -> dict:
        doc = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }
        if self.end_session:
            doc["end_session_endpoint"] = f"{self.issuer}/logout"
        return doc

    def authorize(self, query: dict) -> tuple[int, dict]:
        """The user signed in: a code for the redirect URI, remembering nonce and PKCE challenge."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {}
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": location}

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        self.token_requests.append(form)
        request = self.codes.pop(form.get("code", ""), None)
        if request is None or form.get("redirect_uri") != request["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        if not self._client_ok(form, authorization):
            return 401, {"error": "invalid_client"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != request["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": request.get("nonce"),
            **self.claims,
        }
        key = self.key
        if self.tamper == "nonce":
            claims["nonce"] = "another-nonce"
        elif self.tamper == "audience":
            claims["aud"] = "another-client"
        elif self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        elif self.tamper == "issuer":
            claims["iss"] = "https://evil.example"
        elif self.tamper == "signature":
            key = self.other_key  # same kid, other key: the signature does not verify
        id_token = jwt.encode({"alg": "RS256", "kid": "key-1"}, claims, key)
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def _client_ok(self, form: dict, authorization: str) -> bool:
        if authorization.startswith("Basic "):
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            return user == self.client_id and password == self.client_secret
        return form.get("client_id") == self.client_id and form.get("client_secret") == self.client_secret

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    # --- HTTP -----------------------------------------------------------------------------

    def _handler(self):
        op = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: dict | None = None, headers: dict | None = None):
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._send(200, op.discovery())
                elif parts.path == "/jwks":
                    self._send(200, op.jwks())
                elif parts.path == "/authorize":
                    status, headers = op.authorize(query)
                    self._send(status, None, headers)
                elif parts.path == "/logout":
                    self._send(200, {"logged_out": True})
                else:
                    self._send(404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    status, body = op.token(form, self.headers.get("Authorization", ""))
                    self._send(status, body)
                else:
                    self._send(404)

            def log_message(self, *args):
                pass

        return Handler


@contextmanager
def serving(settings):
    """A running provider, and the app's settings pointed at it (plain http to 127.0.0.1 is
    allowed only with DEBUG on, as in development)."""
    from accounts import oidc

    op = LocalProvider()
    op.thread.start()
    settings.DEBUG = True
    settings.SOR_OIDC_ISSUER = op.issuer
    settings.SOR_OIDC_CLIENT_ID = op.client_id
    settings.SOR_OIDC_CLIENT_SECRET = op.client_secret
    oidc._clients.clear()
    try:
        yield op
    finally:
        oidc._clients.clear()
        op.server.shutdown()
        op.server.server_close()
