from django.urls import path

from .views import claim_pages, desk, documents, pickers, review, sources

app_name = "claims"

urlpatterns = [
    path("", desk.home, name="home"),
    # --- documents and claims (editor pages) ---
    path("documents/", documents.document_list, name="document-list"),
    path("documents/new/", documents.document_create, name="document-create"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document-edit"),
    path("documents/<int:pk>/claims/new/", documents.claim_create_view, name="claim-create"),
    path(
        "documents/<int:pk>/preview/when/<str:which>/", pickers.preview_when, name="preview-when"
    ),
    path("documents/<int:pk>/preview/number/", pickers.preview_quantity, name="preview-quantity"),
    path(
        "documents/<int:pk>/preview/certainty/", pickers.preview_certainty,
        name="preview-certainty",
    ),
    path("claims/", claim_pages.claim_list, name="claim-list"),
    path("claims/<int:pk>/", claim_pages.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/edit/", claim_pages.claim_edit, name="claim-edit"),
    path("pick/names/<str:what>/", pickers.filter_names, name="filter-names"),
    path("pick/source/new/", pickers.source_picker_create, name="source-picker-create"),
    path("pick/source/<str:field>/", pickers.source_picker, name="source-picker"),
    # --- compare, links, questions, review queue ---
    path("compare/", review.compare, name="compare"),
    path("compare/pick/", review.claim_picker, name="claim-picker"),
    path("claims/<int:pk>/links/", review.claim_links, name="claim-links"),
    path("claims/<int:pk>/suggestions/", review.claim_suggestions, name="claim-suggestions"),
    path("links/new/", review.link_create, name="link-create"),
    path("links/<int:pk>/", review.link_detail, name="link-detail"),
    path("links/<int:pk>/remove/", review.link_remove, name="link-remove"),
    path("links/<int:pk>/resolve/", review.link_resolve, name="link-resolve"),
    path("links/<int:pk>/reopen/", review.link_reopen, name="link-reopen"),
    path("questions/", review.question_list, name="question-list"),
    path("questions/new/", review.question_create, name="question-create"),
    path("questions/<int:pk>/", review.question_detail, name="question-detail"),
    path("questions/<int:pk>/assign/", review.question_assign, name="question-assign"),
    path("questions/<int:pk>/unassign/", review.question_unassign, name="question-unassign"),
    path("review/", review.review_queue, name="review-queue"),
    # --- sources ---
    path("sources/", sources.source_list, name="source-list"),
    path("sources/<int:pk>/", sources.source_detail, name="source-detail"),
    path("sources/<int:pk>/grade/", sources.source_grade, name="source-grade"),
    path("sources/<int:pk>/merge/", sources.source_merge_view, name="source-merge"),
    path("claims/<int:pk>/credibility/", sources.claim_credibility, name="claim-credibility"),
]
