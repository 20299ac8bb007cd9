from django.urls import path

from importer.admin_import import views

app_name = "import_posts"
urlpatterns = [
    path("", views.ImportPostsView.as_view(), name="index"),
    path("runs/<int:pk>/", views.RunView.as_view(), name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="progress"),
    path("runs/<int:pk>/confirm/", views.confirm_run, name="confirm"),
    path("runs/<int:pk>/cancel/", views.cancel_run, name="cancel"),
    path("runs/<int:pk>/unpublish/", views.unpublish_missing, name="unpublish"),
    path("runs/<int:pk>/overwrite/", views.overwrite_conflicts, name="overwrite"),
    path("runs/<int:pk>/keep/", views.keep_editors_versions, name="keep"),
    path("runs/<int:pk>/stop/", views.stop_run, name="stop"),
    path("runs/<int:pk>/again/", views.import_again, name="again"),
    path("runs/<int:pk>/report.json", views.run_report, name="report"),
    path("runs/<int:run>/posts/<int:pk>/", views.PostView.as_view(), name="post"),
    path("runs/<int:run>/posts/<int:pk>/before/", views.post_before, name="before"),
    path("runs/<int:run>/posts/<int:pk>/after/", views.post_after, name="after"),
]
