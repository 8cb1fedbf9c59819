from django.db import migrations, models


class Migration(migrations.Migration):
    """Entries say which scheme hashed them. Those already written keep their plain SHA-256
    hashes and verify as before; every entry from now on is an HMAC under the audit key."""

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="scheme",
            field=models.CharField(
                choices=[
                    ("sha256", "SHA-256 (unkeyed, before the keyed chain)"),
                    ("hmac-sha256", "HMAC-SHA256 under the audit key"),
                ],
                default="sha256",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
            preserve_default=False,
        ),
    ]
