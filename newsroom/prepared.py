"""A queryset compiled to SQL once per database, then run with new values.

For the few reads on the hot path of every cold page (a stored render by
slug): compiling the ORM's query costs more than running it. The SQL and the
converters are the ORM's own, made from the queryset with stand-in values;
each run passes the real ones in their places and converts the row as the
ORM would (JSON, datetimes on SQLite).
"""

import threading

from django.db import connections


class PreparedQuery:
    """``make(**stand_ins)`` returns the ``values_list`` queryset; ``row(using,
    **values)`` runs it with ``values`` in place of the stand-ins."""

    def __init__(self, make, **stand_ins):
        self.make = make
        self.stand_ins = stand_ins
        self._compiled = {}
        self._lock = threading.Lock()

    def compiled(self, using):
        if using not in self._compiled:
            queryset = self.make(**self.stand_ins)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            by_stand_in = {value: name for name, value in self.stand_ins.items()}
            if set(params) - set(by_stand_in):
                raise ValueError(f"Parameters other than the stand-ins: {params}")
            names = [by_stand_in[param] for param in params]
            columns = [column for column, _, _ in compiler.select]
            converters = list(compiler.get_converters(columns).items())
            with self._lock:
                self._compiled[using] = (sql, names, converters)
        return self._compiled[using]

    def row(self, using, **values):
        """The first row, converted as the ORM converts it, or None."""
        sql, names, converters = self.compiled(using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, [values[name] for name in names])
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (functions, expression) in converters:
            value = row[position]
            for convert in functions:
                value = convert(value, expression, connection)
            row[position] = value
        return row


def loaded(model, using, names, values):
    """An instance of ``model`` with only the fields ``names`` loaded, from
    ``values`` in that order (``Model.from_db`` takes the model's order)."""
    by_name = dict(zip(names, values, strict=True))
    order = [f.attname for f in model._meta.concrete_fields if f.attname in by_name]
    return model.from_db(using, order, [by_name[name] for name in order])
