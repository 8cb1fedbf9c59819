from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations, models


def give_each_delivery_its_message_id(apps, schema_editor):
    ContactDelivery = apps.get_model("cms", "ContactDelivery")
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    for delivery in ContactDelivery.objects.filter(message_id=""):
        delivery.message_id = make_msgid(idstring="contact", domain=domain)
        delivery.save(update_fields=["message_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_contact_delivery"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactdelivery",
            name="message_id",
            field=models.CharField(default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(give_each_delivery_its_message_id, migrations.RunPython.noop),
    ]
