"""What the importer remembers about the pages it loaded."""

from django.db import models


class ImportRecord(models.Model):
    """The last import of one page: which file, its content hash, the revision published.

    A page whose latest revision is not `revision` was edited in the Wagtail admin since
    the importer last touched it; later loads leave it alone unless forced.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="import_record",
        help_text="The page the importer created or updated.",
    )
    source_path = models.CharField(
        max_length=500,
        help_text="The file the page came from, relative to the curriculum folder.",
    )
    source_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of the page's imported content; unchanged files are skipped.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the importer published last.",
    )
    imported_at = models.DateTimeField(help_text="When the importer last published the page.")

    class Meta:
        verbose_name = "content import record"

    def __str__(self) -> str:
        return f"{self.source_path} -> page {self.page_id}"
