"""Django's cached database session engine, writing a login's session once (see the
package)."""

from django.contrib.sessions.backends import cached_db

from . import CreateOnSaveCycleKeyMixin


class SessionStore(CreateOnSaveCycleKeyMixin, cached_db.SessionStore):
    pass
