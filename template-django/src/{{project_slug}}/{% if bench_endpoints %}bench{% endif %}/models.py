"""TechEmpower's two tables. Ids are given, not generated: the seed writes 1..10,000, and a
sequence left behind it would collide with the next row added in the admin."""

from django.db import models


class World(models.Model):
    id = models.IntegerField(primary_key=True)
    random_number = models.IntegerField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"World {self.id}"


class Fortune(models.Model):
    id = models.IntegerField(primary_key=True)
    message = models.CharField(max_length=2048)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.message
