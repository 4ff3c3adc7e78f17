"""On PostgreSQL, a trigger refuses UPDATE, DELETE and TRUNCATE of audit rows.

The ORM already refuses them (AuditEntryQuerySet); the trigger also stops raw SQL from the
application's own connection. Only someone who may ALTER the table can switch it off, and the hash
chain still shows what they changed. SQLite has no such guard; the chain is its only defence.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditentry_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Truncating an empty trail loses nothing, and test databases are flushed with TRUNCATE.
    IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM audit_auditentry) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '审计记录不可修改或删除' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_auditentry_no_change
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_change();
CREATE TRIGGER audit_auditentry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_auditentry_no_change ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
