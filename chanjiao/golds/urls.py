"""URLs of the five golds (五金) programme (mounted at ``golds/``)."""

app_name = "golds"
urlpatterns: list = []
