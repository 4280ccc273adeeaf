"""Sessions in the database, read with one plain query.

Every signed-in request reads its session; Django's database store builds that query
through the ORM each time, which costs more than running it. This store reads the row with
a plain cursor (the same SELECT) and is otherwise Django's own: writing, expiry, cycling
and deleting are unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    """Django's database session store with a plain-SQL read of the session row."""

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        model = self.model
        db = router.db_for_read(model)
        connection = connections[db]
        table = connection.ops.quote_name(model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data, expire_date FROM {table} WHERE session_key = %s AND expire_date > %s",
                [key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0], expire_date=row[1])
