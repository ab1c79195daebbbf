from django.db import models
from django.utils.translation import gettext_lazy as _


class JobAidFile(models.Model):
    """The printable PDF of a module's job aid, rendered once per published revision of
    the module (courses.services.job_aid_file_ensure) and kept in storage: every later
    download of that revision is the stored file."""

    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="job_aid_files"
    )
    # One file per revision, guarded by the database: two first downloads at once render
    # twice but store once.
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    pdf = models.FileField(upload_to="job-aids/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job aid file")

    def __str__(self) -> str:
        return f"job aid of module {self.module_id}, revision {self.revision_id}"
