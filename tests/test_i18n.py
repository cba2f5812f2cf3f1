from tests.conftest import page


def test_swedish_is_the_default(client):
    html = page(client.get("/"))
    assert html.html["lang"] == "sv"
    assert html.find("a", string="Logga in")


def test_browser_language_is_followed(client):
    html = page(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}))
    assert html.html["lang"] == "en"
    assert html.find("a", string="Log in")


def test_choice_is_kept_in_the_session(client):
    page(client.get("/?lang=en"))
    html = page(client.get("/login", headers={"Accept-Language": "sv"}))
    assert html.html["lang"] == "en" and html.h1.string == "Log in"
    html = page(client.get("/login?lang=sv"))
    assert html.h1.string == "Logga in"


def test_unknown_language_falls_back_to_swedish(client):
    html = page(client.get("/?lang=xx", headers={"Accept-Language": "de"}))
    assert html.html["lang"] == "sv"


def test_language_switch_keeps_the_page(client):
    html = page(client.get("/login"))
    link = html.find("a", attrs={"hreflang": "en"})
    assert link["href"] == "/login?lang=en"


def test_validation_messages_are_translated(client):
    html = page(client.post("/login", data={}))
    assert "Ange din e-postadress" in html.find(id="email-error").get_text()
