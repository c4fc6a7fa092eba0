"""Model fields the apps share."""

import orjson
from django.db import models
from psycopg.types.json import set_json_loads

# psycopg decodes PostgreSQL's json type (FastJSONField's column) with orjson. Django reads
# its own jsonb columns as text and decodes them itself, so no other field is affected.
set_json_loads(orjson.loads)


class FastJSONField(models.JSONField):
    """A JSONField for values read hundreds at a time and never queried by key (the
    overview's summaries, whose text the overview reads and decodes itself). On PostgreSQL
    it is stored as ``json`` (the text as written) rather than ``jsonb``, which the server
    turns back into text for every row read (1.5 ms for the overview's 400), and, read as
    a field, decoded by psycopg with orjson, about four times as fast as the standard json
    module; elsewhere (SQLite) read with orjson the same way. Written as JSONField writes
    (PostgreSQL casts jsonb to json on assignment)."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if connection.vendor == "postgresql":
            return value  # decoded by psycopg
        if isinstance(value, str) and self.decoder is None:
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                return value
        return super().from_db_value(value, expression, connection)
