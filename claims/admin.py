from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .ids import parse_id
from .models import (
    Claim,
    ClaimLink,
    ClaimRelay,
    Document,
    GradeChange,
    Question,
    Source,
    SourceAlias,
)
from .services import link_remove, link_saved_elsewhere, refresh_link_speakers
from .services_claims import document_update

# Who may use the admin at all is factdesk/admin.py's DeskAdminSite: the desk's admins. Here
# the admin keeps the rules the desk's pages keep: a grade changes only through the grading
# page (which records who, when and why), history is never rewritten (settings:
# SIMPLE_HISTORY_REVERT_DISABLED), and who added a row is never edited.


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose past versions can be read, not saved back (with
    SIMPLE_HISTORY_REVERT_DISABLED it only hides the button: a POST would still write an old
    version's grade or owner over the row), and whose history pages answer 404 for what is
    not an id (it would hand "abc" to the database and answer 500)."""

    def history_view(self, request, object_id, extra_context=None):
        if parse_id(unquote(object_id)) is None:
            raise Http404("No such row")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if parse_id(unquote(object_id)) is None or parse_id(version_id) is None:
            raise Http404("No such version")
        if request.method == "POST":
            raise PermissionDenied("A past version is read here, not saved back.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 0


class GradeChangeInline(admin.TabularInline):
    model = GradeChange
    extra = 0
    fields = ["changed_at", "from_grade", "to_grade", "reason", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["name", "kind", "reliability", "affiliation"]
    list_filter = ["kind", "reliability"]
    search_fields = ["name", "aliases__name", "description"]
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]
    inlines = [SourceAliasInline, GradeChangeInline]

    # The grade changes only through a recorded GradeChange with a reason (the grading
    # page); here it can be read, not set, not even on a new source (which starts at F).
    readonly_fields = ["reliability"]


@admin.register(GradeChange)
class GradeChangeAdmin(admin.ModelAdmin):
    list_display = ["source", "from_grade", "to_grade", "changed_by", "changed_at"]
    list_filter = ["to_grade", "from_grade"]
    search_fields = ["source__name", "reason"]
    list_select_related = ["source", "changed_by"]
    autocomplete_fields = ["source"]
    readonly_fields = ["changed_at"]

    # The grade history is written by Source.set_reliability alone, never by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    search_fields = ["name", "source__name"]
    autocomplete_fields = ["source"]
    list_select_related = ["source"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_at", "language", "url"]
    list_filter = ["language", "published_at"]
    search_fields = ["title", "url", "publisher__name"]
    autocomplete_fields = ["publisher"]
    list_select_related = ["publisher"]
    date_hierarchy = "published_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            return
        # As on the desk's edit page: a new body moves every claim's quote anchor.
        loaded_at = Document.objects.values_list("updated_at", flat=True).get(pk=obj.pk)
        document_update(document=obj, loaded_at=loaded_at)


class VersionCheckedForm(forms.ModelForm):
    """An admin form that refuses to save over a change made since it was opened."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if current and current[0] != expected:
                raise forms.ValidationError(
                    "Someone saved this since you opened it. Reload the page to see their "
                    "change, then make yours again."
                )
        return cleaned


class VersionedAdmin(HistoryAdmin):
    form = VersionCheckedForm

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class ClaimRelayInline(admin.TabularInline):
    model = ClaimRelay
    extra = 0
    autocomplete_fields = ["source"]
    ordering = ["position"]


@admin.register(Claim)
class ClaimAdmin(VersionedAdmin):
    list_display = [
        "statement",
        "speaker",
        "document",
        "said_start",
        "quantity_phrase",
        "certainty",
        "credibility",
        "status",
    ]
    list_filter = ["status", "certainty", "credibility", "questions"]
    search_fields = ["statement", "quote", "speaker__name"]
    autocomplete_fields = ["document", "speaker", "questions"]
    list_select_related = ["speaker", "document"]
    inlines = [ClaimRelayInline]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]

    # The admin keeps the desk's rules: credibility is the reviewers', a status
    # follows from resolutions, and an editor edits only the claims they logged.
    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not request.user.has_perm("claims.grade_claim"):
            fields.append("credibility")
        if not request.user.has_perm("claims.resolve_claimlink"):
            fields.append("status")
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None
            or obj.created_by_id == request.user.pk
            or request.user.has_perm("claims.change_any_claim")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and "speaker" in form.changed_data:
            # The claim's links carry its speaker (ClaimLink.first_speaker, second_speaker).
            refresh_link_speakers(claim_ids=[obj.pk])


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["text", "created_at"]
    search_fields = ["text", "description"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClaimLink)
class ClaimLinkAdmin(VersionedAdmin):
    list_display = ["first", "kind", "second", "nature", "status", "outcome", "created_at"]
    list_filter = ["kind", "nature", "status", "outcome"]
    search_fields = ["first__statement", "second__statement", "note", "rationale"]
    autocomplete_fields = ["first", "second"]
    list_select_related = ["first", "second"]
    # A contradiction is resolved on the review desk, which records who and when,
    # sets the claims' statuses and the speakers' track records; not here.
    readonly_fields = [
        "version",
        "status",
        "outcome",
        "rationale",
        "proposed_by",
        "created_at",
        "resolved_by",
        "resolved_at",
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.proposed_by = request.user
        before = None
        if change:
            before = ClaimLink.objects.values_list("first_id", "second_id").get(pk=obj.pk)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # A contradiction added, moved or turned into another kind here changes the
            # claims' statuses just as on the review desk.
            link_saved_elsewhere(link=obj, before=before, by=request.user)

    def delete_model(self, request, obj):
        link_remove(link=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset:
            link_remove(link=link, by=request.user)
