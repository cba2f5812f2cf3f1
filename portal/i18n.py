"""Language choice: ?lang=sv|en, kept in the session, else the browser's, else Swedish."""
from urllib.parse import urlencode

from flask import current_app, request, session
from flask_babel import format_date, format_datetime, get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup


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
    app.jinja_env.filters.update(local_time=local_time, local_date=local_date)

    @app.context_processor
    def language_links():
        return {"current_language": str(get_locale()), "language_url": language_url}

    @app.context_processor
    def catalogue_of_this_request():
        # Flask-Babel finds the catalogue again on every {{ _("...") }} (a dozen context lookups
        # each; 150 calls make ~2 ms of the matching page). Found once per page here, it gives
        # templates the same strings: the same catalogue, and Jinja's "newstyle" formatting.
        translations = get_translations()
        return {"gettext": _newstyle_gettext(translations.ugettext),
                "ngettext": _newstyle_ngettext(translations.ungettext)}


def _newstyle_gettext(translate):
    """What jinja2.ext's i18n extension makes of a gettext function with newstyle=True."""
    @pass_context
    def gettext(context, string, **variables):
        text = translate(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # the translation is trusted; the variables are escaped by %
        return text % variables

    return gettext


def _newstyle_ngettext(translate):
    @pass_context
    def ngettext(context, singular, plural, number, **variables):
        variables.setdefault("num", number)
        text = translate(singular, plural, number)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


def _lazy_strings_as_text(value):
    return str(value) if isinstance(value, LazyString) else value


def local_time(moment, seconds=False):
    """A stored (UTC) time as people here read it: in Swedish time (BABEL_DEFAULT_TIMEZONE), summer
    time included, like 2026-12-02 02:16. No "UTC" after it: nobody should have to add an hour."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm:ss" if seconds else "yyyy-MM-dd HH:mm")


def local_date(moment):
    """The day of a stored time in Swedish time: 00:30 on 2 December is the 2nd, not the 1st as in UTC."""
    return format_date(moment, "yyyy-MM-dd")


def language_url(lang):
    """The current page's address with ?lang= set, keeping its other query parameters."""
    args = request.args.to_dict()
    args["lang"] = lang
    return f"{request.path}?{urlencode(args)}"
