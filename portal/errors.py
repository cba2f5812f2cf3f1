from flask import render_template


def init_app(app):
    for status in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(status, _render(status))


def _render(status):
    def handler(error):
        return render_template("errors/error.html", status=status), status

    return handler
