from django.urls import path, register_converter

from .ids import IdConverter
from .views import claim_pages, desk, documents, exchange, pickers, review, sources

app_name = "claims"

# <id:pk> is <int:pk> up to the largest 64-bit id: a larger number answers 404 (claims/ids.py).
register_converter(IdConverter, "id")

urlpatterns = [
    path("", desk.home, name="home"),
    # --- the inbox: its lists, assignment, notifications, the poll of open pages ---
    path("inbox/<str:section>/", desk.inbox_section, name="inbox-section"),
    path("pairs/<id:pk>/assign/", desk.pair_assign, name="pair-assign"),
    path("notifications/", desk.notification_list, name="notification-list"),
    path("notifications/read/", desk.notification_read, name="notification-read"),
    path("desk/changes/", desk.desk_changes, name="desk-changes"),
    # --- documents and claims (editor pages) ---
    path("documents/", documents.document_list, name="document-list"),
    path("documents/new/", documents.document_create, name="document-create"),
    path("documents/new/from-url/", documents.document_fetch, name="document-fetch"),
    path("documents/<id:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<id:pk>/edit/", documents.document_edit, name="document-edit"),
    path("documents/<id:pk>/claims/new/", documents.claim_create_view, name="claim-create"),
    path(
        "documents/<id:pk>/preview/when/<str:which>/", pickers.preview_when, name="preview-when"
    ),
    path("documents/<id:pk>/preview/number/", pickers.preview_quantity, name="preview-quantity"),
    path(
        "documents/<id:pk>/preview/certainty/", pickers.preview_certainty,
        name="preview-certainty",
    ),
    path("claims/", claim_pages.claim_list, name="claim-list"),
    path("claims/export.csv", claim_pages.claim_list_csv, name="claim-list-csv"),
    path("claims/import/", exchange.claim_import, name="claim-import"),
    path("claims/<id:pk>/", claim_pages.claim_detail, name="claim-detail"),
    path("claims/<id:pk>/edit/", claim_pages.claim_edit, name="claim-edit"),
    path("pick/names/<str:what>/", pickers.filter_names, name="filter-names"),
    path("pick/source/new/", pickers.source_picker_create, name="source-picker-create"),
    path("pick/source/<str:field>/", pickers.source_picker, name="source-picker"),
    # --- compare, links, questions, review queue ---
    path("compare/", review.compare, name="compare"),
    path("compare/pick/", review.claim_picker, name="claim-picker"),
    path("claims/<id:pk>/links/", review.claim_links, name="claim-links"),
    path("claims/<id:pk>/suggestions/", review.claim_suggestions, name="claim-suggestions"),
    path(
        "claims/<id:pk>/suggestions/dismiss/", review.suggestion_dismiss,
        name="suggestion-dismiss",
    ),
    path(
        "claims/<id:pk>/suggestions/restore/", review.suggestion_restore,
        name="suggestion-restore",
    ),
    path("links/new/", review.link_create, name="link-create"),
    path("links/<id:pk>/", review.link_detail, name="link-detail"),
    path("links/<id:pk>/remove/", review.link_remove, name="link-remove"),
    path("links/<id:pk>/resolve/", review.link_resolve, name="link-resolve"),
    path("links/<id:pk>/reopen/", review.link_reopen, name="link-reopen"),
    path("links/<id:pk>/assign/", desk.link_assign, name="link-assign"),
    path("questions/", review.question_list, name="question-list"),
    path("questions/export.csv", review.question_list_csv, name="question-list-csv"),
    path("questions/new/", review.question_create, name="question-create"),
    path("questions/<id:pk>/", review.question_detail, name="question-detail"),
    path("questions/<id:pk>/assign/", review.question_assign, name="question-assign"),
    path("questions/<id:pk>/unassign/", review.question_unassign, name="question-unassign"),
    path("claimreview.jsonld", exchange.claimreview_desk, name="claimreview-desk"),
    path(
        "questions/<id:pk>/claimreview.jsonld", exchange.claimreview_question,
        name="claimreview-question",
    ),
    path("questions/<id:pk>/watch/", desk.question_watch, name="question-watch"),
    path("review/", review.review_queue, name="review-queue"),
    path("review/export.csv", review.review_queue_csv, name="review-queue-csv"),
    # --- sources ---
    path("sources/", sources.source_list, name="source-list"),
    path("sources/export.csv", sources.source_list_csv, name="source-list-csv"),
    path("sources/import/", exchange.source_import, name="source-import"),
    path("sources/<id:pk>/", sources.source_detail, name="source-detail"),
    path("sources/<id:pk>/grade/", sources.source_grade, name="source-grade"),
    path("sources/<id:pk>/aliases/", sources.source_alias, name="source-alias"),
    path("sources/<id:pk>/affiliation/", sources.source_affiliation, name="source-affiliation"),
    path("sources/<id:pk>/merge/", sources.source_merge_view, name="source-merge"),
    path("claims/<id:pk>/credibility/", sources.claim_credibility, name="claim-credibility"),
]
