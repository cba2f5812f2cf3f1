from flask import render_template
from werkzeug.exceptions import SecurityError


def init_app(app):
    for status in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(status, _render(status))
    # A Host header outside TRUSTED_HOSTS: the request is not routed, so the error page (its links
    # are built with url_for) cannot be made; and nothing more than this is owed to it.
    app.register_error_handler(SecurityError, _untrusted_host)


def _untrusted_host(error):
    return "400 Bad Request: unknown host\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def _render(status):
    def handler(error):
        return render_template("errors/error.html", status=status), status

    return handler
