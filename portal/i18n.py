"""Language choice: ?lang=sv|en, kept in the session, else the browser's, else Swedish."""
from urllib.parse import urlencode

from flask import current_app, request, session
from flask_babel import get_locale
from flask_babel.speaklater import LazyString


def select_locale():
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "sv"


def init_app(app):
    @app.before_request
    def remember_language_choice():
        lang = request.args.get("lang")
        if lang in app.config["LANGUAGES"]:
            session["lang"] = lang

    # Flask-Babel's lazy strings say they are HTML (they have __html__), so Jinja would print them
    # unescaped, and one that holds what someone typed (_l("... %(name)s", name=...)) would put
    # markup on the page. Every {{ value }} that is a lazy string is printed as text instead.
    app.jinja_env.finalize = _lazy_strings_as_text

    @app.context_processor
    def language_links():
        return {"current_language": str(get_locale()), "language_url": language_url}


def _lazy_strings_as_text(value):
    return str(value) if isinstance(value, LazyString) else value


def language_url(lang):
    """The current page's address with ?lang= set, keeping its other query parameters."""
    args = request.args.to_dict()
    args["lang"] = lang
    return f"{request.path}?{urlencode(args)}"
