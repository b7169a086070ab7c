from django.urls import path

from .views import desk

app_name = "claims"

urlpatterns = [
    path("", desk.home, name="home"),
    # --- documents and claims (editor pages) ---
    # --- compare, links, questions, review queue ---
    # --- sources ---
]
