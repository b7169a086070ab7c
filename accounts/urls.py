from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/revoke/", views.token_revoke_view, name="token-revoke"),
]
