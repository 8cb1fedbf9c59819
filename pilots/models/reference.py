"""Reference data pilots are described with: each country's districts, and how it defines
youth. Loaded from pilots/data/ by a data migration; staff can correct them in django-admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A country's first-level area used to report where participants live (district,
    region, county or province, as the country reports them)."""

    country = models.ForeignKey(
        "frameworks.Country", on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_district_in_country")
        ]

    def __str__(self):
        return self.name


class YouthDefinition(models.Model):
    """The ages a country's youth policy counts as young people, inclusive."""

    country = models.OneToOneField(
        "frameworks.Country", on_delete=models.CASCADE, related_name="youth_definition"
    )
    min_age = models.PositiveSmallIntegerField()
    max_age = models.PositiveSmallIntegerField()
    source = models.TextField(blank=True)

    def __str__(self):
        return f"{self.country}: {self.min_age} to {self.max_age}"
