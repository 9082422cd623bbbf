from django.urls import reverse


def test_every_response_carries_a_strict_csp_and_a_request_id(client, db):
    response = client.get(reverse("admin:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) == 36


def test_a_sane_incoming_request_id_is_kept(client, db):
    response = client.get(reverse("admin:login"), headers={"X-Request-ID": "proxy-abc-12345"})
    assert response["X-Request-ID"] == "proxy-abc-12345"
