"""The 'being prepared' page of a background export, its download, and my exports."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from lms.people.access import LearnerRecordsAccessMixin

from ..models import ExportJob
from .pages import ReportPage


def _own_job(request, job_uuid) -> ExportJob:
    # Someone else's job is a 404, not a 403: job ids are not to be probed.
    return get_object_or_404(ExportJob, uuid=job_uuid, owner=request.user)


class ExportJobView(ReportPage):
    template_name = "reports/export_job.html"
    header_icon = "download"
    page_title = gettext_lazy("Your export")

    def get(self, request, *args, **kwargs):
        self.job = _own_job(request, kwargs["job_uuid"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, **kwargs)


class ExportListView(ReportPage):
    template_name = "reports/export_list.html"
    header_icon = "download"
    page_title = gettext_lazy("My exports")

    def get_context_data(self, **kwargs):
        jobs = list(ExportJob.objects.filter(owner=self.request.user)[:50])
        return super().get_context_data(jobs=jobs, **kwargs)


class ExportDownloadView(LearnerRecordsAccessMixin, View):
    def get(self, request, job_uuid):
        job = _own_job(request, job_uuid)
        if job.status != ExportJob.Status.READY or not job.file:
            raise Http404(_("This export has no file to download yet."))
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
