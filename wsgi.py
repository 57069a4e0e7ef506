"""The WSGI entry point: ``flask run`` and WSGI servers find ``app`` here."""

from tracker import create_app

app = create_app()
