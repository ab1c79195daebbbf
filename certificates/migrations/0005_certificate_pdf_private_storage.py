"""Certificate PDFs move to the private storage (issue 16): the field's storage, and the
files already stored under MEDIA_ROOT, which are moved (same name) so nothing is left
where development's /media/ (or a public media mapping) could serve it."""

from django.core.files.storage import storages
from django.db import migrations, models

import certificates.storage


def move_files_to_private_storage(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    public = storages["default"]
    private = storages[certificates.storage.CERTIFICATES_STORAGE]
    names = Certificate.objects.exclude(pdf="").values_list("pdf", flat=True)
    for name in names.iterator():
        if private.exists(name) or not public.exists(name):
            continue
        with public.open(name, "rb") as source:
            stored = private.save(name, source)
        if stored != name:  # never expected: the name was free
            Certificate.objects.filter(pdf=name).update(pdf=stored)
        public.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_certificate_has_holder_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="pdf",
            field=models.FileField(
                blank=True,
                storage=certificates.storage.certificate_storage,
                upload_to="certificates/%Y/%m/",
            ),
        ),
        migrations.RunPython(move_files_to_private_storage, migrations.RunPython.noop),
    ]
