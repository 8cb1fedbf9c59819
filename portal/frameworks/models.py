from django.db import models


class Country(models.Model):
    code = models.CharField("ISO code", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=20, help_text="SADC or EU.")
    is_partner = models.BooleanField(
        default=False, help_text="One of the project's partner countries."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class Sector(models.Model):
    key = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=150)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label
