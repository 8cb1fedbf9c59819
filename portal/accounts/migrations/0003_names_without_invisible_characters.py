"""Names saved before portal.text's rule lose the characters it refuses (bidirectional
overrides, zero-width and other invisible characters), so an old "evil<U+202E>gnp.exe" no
longer reverses the text around it wherever it is shown. An organisation name with no letter
left, or that would then repeat another's in its country, gets its id added; a display name
with no letter left is cleared (the e-mail address is shown instead)."""

from django.db import migrations

from portal.text import has_letter_or_digit, without_invisible_characters


def clean_names(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    for organisation in Organisation.objects.order_by("pk"):
        name = without_invisible_characters(organisation.name)
        if name == organisation.name:
            continue
        if not has_letter_or_digit(name):
            name = f"Organisation {organisation.pk}"
        taken = Organisation.objects.filter(name__iexact=name, country_id=organisation.country_id)
        if taken.exclude(pk=organisation.pk).exists():
            name = f"{name} ({organisation.pk})"
        organisation.name = name
        organisation.save(update_fields=["name"])
    for user in User.objects.exclude(display_name="").order_by("pk"):
        name = without_invisible_characters(user.display_name)
        if not has_letter_or_digit(name):
            name = ""
        if name != user.display_name:
            user.display_name = name
            user.save(update_fields=["display_name"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invitation")]

    operations = [migrations.RunPython(clean_names, migrations.RunPython.noop)]
