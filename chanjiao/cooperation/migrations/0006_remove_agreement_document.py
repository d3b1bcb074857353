from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0005_agreement_documents_and_states")]

    operations = [migrations.RemoveField(model_name="agreement", name="document")]
