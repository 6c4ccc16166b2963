import hashlib
import json
from typing import Any

from django.db import migrations, models


def approve_as_they_are(apps: Any, schema_editor: Any) -> None:
    """Drafts approved before versions were kept: the content approved is the content now."""
    draft = apps.get_model("web", "Draft")
    for found in draft.objects.filter(status="da_duyet"):
        if found.docx is not None:
            digest = hashlib.sha256(bytes(found.docx)).hexdigest()
        else:
            text = json.dumps(found.data, ensure_ascii=False, sort_keys=True, default=str)
            digest = hashlib.sha256(text.encode()).hexdigest()
        found.approved_digest = digest
        found.save(update_fields=["approved_digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0004_member_unit_head"),
    ]

    operations = [
        migrations.AddField(
            model_name="draft", name="steps", field=models.CharField(blank=True, max_length=80)
        ),
        migrations.AddField(model_name="draft", name="step", field=models.IntegerField(default=0)),
        migrations.AddField(
            model_name="draft", name="revision", field=models.IntegerField(default=0)
        ),
        migrations.AddField(
            model_name="draft",
            name="approved_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(approve_as_they_are, migrations.RunPython.noop),
    ]
