"""Existing data keeps its meaning: an agreement's text becomes version 1 of its documents, the
old status "expired" becomes "ended" (已到期), and a carrier with a founding date is 已成立."""

from django.db import migrations


def forwards(apps, schema_editor):
    Agreement = apps.get_model("cooperation", "Agreement")
    AgreementDocument = apps.get_model("cooperation", "AgreementDocument")
    Carrier = apps.get_model("cooperation", "Carrier")
    Agreement.objects.filter(status="expired").update(status="ended")
    AgreementDocument.objects.bulk_create(
        AgreementDocument(
            agreement_id=agreement.pk,
            version=1,
            file=agreement.document.name,
            original_name=agreement.document.name.rsplit("/", 1)[-1],
            note="",
            uploaded_at=agreement.updated_at,
        )
        for agreement in Agreement.objects.exclude(document="").only("pk", "document", "updated_at")
    )
    Carrier.objects.filter(founded_on__isnull=False).update(state="founded")


def backwards(apps, schema_editor):
    Agreement = apps.get_model("cooperation", "Agreement")
    AgreementDocument = apps.get_model("cooperation", "AgreementDocument")
    Agreement.objects.filter(status="ended").update(status="expired")
    for doc in AgreementDocument.objects.order_by("agreement_id", "-version"):
        Agreement.objects.filter(pk=doc.agreement_id, document="").update(document=doc.file.name)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0004_agreement_lifecycle_carrier_milestones")]

    operations = [migrations.RunPython(forwards, backwards)]
