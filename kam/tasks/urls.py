from django.urls import path

from kam.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("department/", views.department_tasks, name="department"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/edit/", views.task_update, name="update"),
    path("<int:pk>/complete/", views.task_complete, name="complete"),
    path("<int:pk>/comments/", views.task_comment, name="comment"),
    path("accounts/<int:pk>/new/", views.task_create, name="create"),
]
