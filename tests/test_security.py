import re

import pytest

from portal import create_app
from portal.access import PUBLIC
from tests.conftest import FAST_HASHING, page


def test_every_route_declares_who_may_use_it(app):
    """A new view without @roles_required or @public fails here."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "allowed_roles", None):
            missing.append(rule.endpoint)
    assert not missing, f"views without an access rule: {missing}"


def test_public_routes_are_only_the_expected_ones(app):
    public = {rule.endpoint for rule in app.url_map.iter_rules()
              if getattr(app.view_functions[rule.endpoint], "allowed_roles", None) == PUBLIC}
    assert public == {"start.index", "accounts.login", "organisations.register", "organisations.confirm"} | (
        public & EXTRA_PUBLIC)


# Pages that later areas make public on purpose (the guide, verifying a PDF, the one-time links
# of a password reset and an invitation, which carry their own signed token).
EXTRA_PUBLIC = {"guide.index", "guide.ask", "guide.topic", "guide.quiz", "guide.programme_types", "agreements.verify",
                "accounts.forgot_password", "accounts.reset_password", "accounts.accept_invitation"}


def test_security_headers_are_set(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts(client):
    for path in ["/", "/login", "/organisations/register"]:
        html = page(client.get(path))
        for script in html.find_all("script"):
            assert script.get("src") and not script.string, f"inline script on {path}"
        assert not html.find(attrs={re.compile("^on"): True}), f"inline event handler on {path}"


def test_session_cookie_is_httponly_and_samesite_lax(client, auth, demo):
    response = auth.login("employer@example.com")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookie_when_configured_for_https(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "SESSION_COOKIE_SECURE": True})
    with app.test_client() as client:
        client.get("/?lang=en")
        assert "Secure" in client.get("/?lang=en").headers.get("Set-Cookie", "Secure")


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


@pytest.mark.parametrize("path", ["/login", "/organisations/register", "/logout", "/organisations/1/verify"])
def test_posts_without_csrf_token_are_refused(csrf_client, demo, path):
    response = csrf_client.post(path, data={"email": "employer@example.com", "password": "praktik-demo-2026"})
    assert response.status_code == 400


def test_login_works_with_the_token_from_the_form(csrf_client, demo):
    html = page(csrf_client.get("/login"))
    token = html.find("input", attrs={"name": "csrf_token"})["value"]
    response = csrf_client.post(
        "/login", data={"csrf_token": token, "email": "employer@example.com", "password": "praktik-demo-2026"}
    )
    assert response.status_code == 302


def test_wrong_role_gets_403_page_not_a_redirect(client, auth, demo):
    auth.login("jobseeker@example.com")
    response = client.get("/organisations/?lang=en")
    assert response.status_code == 403
    assert "You do not have access" in page(response).h1.string


def test_secret_key_is_generated_into_instance_once(tmp_path, monkeypatch):
    from portal import _instance_secret_key

    first = _instance_secret_key(tmp_path)
    assert len(first) == 64 and _instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
