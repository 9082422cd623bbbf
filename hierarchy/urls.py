from django.urls import path

from . import views, views_history, views_move_close

app_name = "hierarchy"
urlpatterns = [
    path("", views.index, name="index"),
    path("enhedstyper/", views.unit_type_options, name="unit_type_options"),
    path("trae/<str:sor_id>/", views.tree_children, name="tree_children"),
    path("enhed/<str:sor_id>/", views.unit_detail, name="unit_detail"),
    path("enhed/<str:sor_id>/opret/", views.unit_create, name="unit_create"),
    path("enhed/<str:sor_id>/rediger/", views.unit_edit, name="unit_edit"),
    path("enhed/<str:sor_id>/flyt/", views_move_close.unit_move, name="unit_move"),
    path("enhed/<str:sor_id>/luk/", views_move_close.unit_close, name="unit_close"),
    path("enhed/<str:sor_id>/historik/", views_history.unit_history_view, name="unit_history"),
    path("enhed/<str:sor_id>/historik/tilbagetraek/", views_history.unit_withdraw, name="unit_withdraw"),
    path("pr-dato/", views_history.as_of, name="as_of"),
    path("pr-dato/sammenlign.csv", views_history.as_of_compare_csv, name="as_of_compare_csv"),
]
