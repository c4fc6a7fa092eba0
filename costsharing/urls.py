from django.urls import path

from .views import documents, exports, pages

app_name = "costsharing"

urlpatterns = [
    path("partnerskap/<int:pk>/drift/", pages.operating_agreement_list, name="list"),
    path("drift/<int:pk>/", pages.detail, name="detail"),
    path("drift/<int:pk>/nokkel/", pages.terms, name="terms"),
    path("drift/<int:pk>/slett/", pages.delete, name="delete"),
    path("drift/<int:pk>/arsverk/hull/", pages.gaps_acknowledge, name="gaps_acknowledge"),
    path("drift/<int:pk>/utgifter/ny/", pages.line_add, name="line_add"),
    path("drift/<int:pk>/utgifter/<int:line_pk>/", pages.line_edit, name="line_edit"),
    path("drift/<int:pk>/utgifter/<int:line_pk>/slett/", pages.line_remove, name="line_remove"),
    path("drift/<int:pk>/arsverk/ny/", pages.period_add, name="period_add"),
    path(
        "drift/<int:pk>/arsverk/<int:period_pk>/slett/", pages.period_remove, name="period_remove"
    ),
    path("drift/<int:pk>/kommuner/", pages.municipal_weights, name="municipal_weights"),
    path("drift/<int:pk>/avregning/", pages.settlement, name="settlement"),
    path(
        "drift/<int:pk>/kommuner/oppgjor/",
        pages.municipal_statements,
        name="municipal_statements",
    ),
    path("drift/<int:pk>/hva-om/", pages.what_if, name="what_if"),
    path("drift/<int:pk>/eksport/<str:what>.<str:fmt>", exports.export, name="export"),
    path("drift/<int:pk>/pdf/", documents.pdf, name="pdf"),
    path(
        "drift/<int:pk>/dokumenter/<int:document_pk>/legg-ved/",
        documents.attach,
        name="attach",
    ),
]
