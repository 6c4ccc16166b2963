"""The access log is append-only in the database itself: an UPDATE or DELETE of a row fails, whoever
sends it (the model refuses too; this covers a queryset update and a hand-typed statement)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER web_accessevent_no_update BEFORE UPDATE ON web_accessevent
       BEGIN SELECT RAISE(ABORT, 'nhật ký truy cập không sửa được'); END""",
    """CREATE TRIGGER web_accessevent_no_delete BEFORE DELETE ON web_accessevent
       BEGIN SELECT RAISE(ABORT, 'nhật ký truy cập không xóa được'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION web_accessevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'nhật ký truy cập không sửa hay xóa được'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER web_accessevent_append_only BEFORE UPDATE OR DELETE ON web_accessevent
       FOR EACH ROW EXECUTE FUNCTION web_accessevent_refuse()""",
]


def forwards(apps: Any, schema_editor: Any) -> None:
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
