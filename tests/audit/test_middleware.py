"""Item 9 of issue 11: a client's X-Request-ID is kept only when it is a short plain token."""

import uuid

import pytest


@pytest.mark.parametrize(
    "sent", ["a", "req-12345678", "A.b_c-9", "x" * 64, "0f0e5a8c-3d7e-4c1b-9a55-2f6a41c0b7e3"]
)
def test_a_short_token_is_kept(client, db, sent):
    response = client.get("/login/", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] == sent


@pytest.mark.parametrize(
    "sent",
    [
        "x" * 65,
        "<script>alert(1)</script>",
        "abc def ghi",
        "abc;drop table",
        "../../etc/passwd%00",
        "bad\tvalue12",
        "ønskeværdi123",
        "",
    ],
)
def test_anything_else_is_replaced_by_a_generated_id(client, db, sent):
    response = client.get("/login/", headers={"X-Request-ID": sent})
    generated = response["X-Request-ID"]
    assert generated != sent
    assert uuid.UUID(generated)
