"""Django's database session engine, writing a login's session once (see the package)."""

from django.contrib.sessions.backends import db

from . import CreateOnSaveCycleKeyMixin


class SessionStore(CreateOnSaveCycleKeyMixin, db.SessionStore):
    pass
