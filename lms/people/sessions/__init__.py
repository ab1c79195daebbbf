"""Session engines that write a login's session once.

Django's ``login()`` calls ``session.cycle_key()`` (a new key, against session fixation),
which checks that a new key is unused and INSERTs the session under it at once; ``login()``
then puts the user in the session, so SessionMiddleware UPDATEs the same row at the end of
the request. That is five statements and two commits on every login for one row.

Here ``cycle_key()`` still drops the old key (and its row) immediately and picks the new
key, but the row is INSERTed once, with the user in it, when the session is saved at the
end of the request. The INSERT is what guarantees the key is unused (its primary key): on
a clash, another key is drawn, as Django's own ``create()`` does after its check.

``lms.people.sessions.db`` and ``lms.people.sessions.cached_db`` are drop-in
SESSION_ENGINEs for Django's database and cached database engines.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError
from django.utils.crypto import get_random_string


def _new_key() -> str:
    return get_random_string(32, VALID_KEY_CHARS)


class CreateOnSaveCycleKeyMixin:
    """Before a database-backed SessionStore: ``cycle_key()`` defers the INSERT to
    ``save()``."""

    _create_pending = False

    def cycle_key(self):
        data = self._session
        key = self.session_key
        self._session_key = _new_key()
        self._session_cache = data
        self._create_pending = True
        self.modified = True
        if key:
            self.delete(key)

    async def acycle_key(self):
        data = await self._aget_session()
        key = self.session_key
        self._session_key = _new_key()
        self._session_cache = data
        self._create_pending = True
        self.modified = True
        if key:
            await self.adelete(key)

    def save(self, must_create=False):
        if not self._create_pending:
            return super().save(must_create=must_create)
        while True:
            try:
                super().save(must_create=True)
            except CreateError:
                self._session_key = _new_key()
                continue
            self._create_pending = False
            return None

    async def asave(self, must_create=False):
        if not self._create_pending:
            return await super().asave(must_create=must_create)
        while True:
            try:
                await super().asave(must_create=True)
            except CreateError:
                self._session_key = _new_key()
                continue
            self._create_pending = False
            return None

    def flush(self):
        if not self._create_pending:
            return super().flush()
        # The new key was never stored: nothing to delete.
        self._create_pending = False
        self.clear()
        self._session_key = None
        return None

    async def aflush(self):
        if not self._create_pending:
            return await super().aflush()
        self._create_pending = False
        self.clear()
        self._session_key = None
        return None
