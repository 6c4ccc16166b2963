from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0003_member_session_epoch"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="unit_head",
            field=models.BooleanField(default=False, verbose_name="trưởng đơn vị"),
        ),
    ]
