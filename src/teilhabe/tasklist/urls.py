from django.urls import path

from teilhabe.tasklist import views

app_name = "tasklist"
urlpatterns = [path("tasks/", views.my_tasks, name="my-tasks")]
