"""What ``loadarchive`` has made so far, so that running it again only adds what is missing."""

from django.db import models


class ArchiveBatch(models.Model):
    """One numbered batch of generated articles; ``size`` of them exist (a batch is made whole or not at all)."""

    number = models.PositiveIntegerField(unique=True)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["number"]
        verbose_name = "generated batch"
        verbose_name_plural = "generated batches"

    def __str__(self):
        return f"batch {self.number} ({self.size} articles)"


class GeneratedRow(models.Model):
    """A generated person, organisation or taxonomy row, by its number in the generator's sequence."""

    kind = models.CharField(max_length=20)
    number = models.PositiveIntegerField()
    object_id = models.BigIntegerField()

    class Meta:
        ordering = ["kind", "number"]
        verbose_name = "generated row"
        verbose_name_plural = "generated rows"
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="generated_row_unique_number")]

    def __str__(self):
        return f"{self.kind} {self.number}"
