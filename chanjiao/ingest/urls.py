from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("<int:pk>/", views.article_review, name="article_review"),
    path("<int:pk>/discard/", views.article_discard, name="article_discard"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
]
