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


def test_every_text_has_a_swedish_translation():
    """Run `make extract-messages` after changing texts; this fails until the new ones are translated."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent
    with open(root / "portal/translations/sv/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle)
    translated = {(message.context, message.id if isinstance(message.id, str) else message.id[0])
                  for message in catalogue if message.id and all(
                      message.string if isinstance(message.string, tuple) else (message.string,))}
    method_map = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_pgettext": ((1, "c"), 2)}
    missing = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        root, method_map=method_map, keywords=keywords
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid and (context, msgid) not in translated:
            missing.add(msgid)
    assert not missing, f"untranslated: {sorted(missing)[:20]}"


def test_templates_translate_in_the_language_of_the_request_and_escape_what_they_insert(app):
    """Templates look the catalogue up once per page (portal/i18n.py), not through Flask-Babel on each _()."""
    from flask import render_template_string

    template = ('{{ _("Log out") }}|{{ _("%(left)d of %(total)d free", left=1, total=2) }}|'
                '{{ ngettext("%(num)d hour a week", "%(num)d hours a week", hours) }}|'
                '{{ _("Hi %(name)s", name=name) }}')
    for lang, expected in {"en": "Log out|1 of 2 free|1 hour a week|", "sv": "Logga ut|1 av 2 lediga|1 timme i veckan|"}.items():
        with app.test_request_context(f"/?lang={lang}", headers={"Accept-Language": lang}):
            html = render_template_string(template, hours=1, name="<script>")
            assert html.startswith(expected), html
            assert html.endswith("Hi &lt;script&gt;")
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert "40 timmar i veckan" in render_template_string(template, hours=40, name="")
