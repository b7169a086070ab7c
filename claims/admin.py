from django import forms
from django.contrib import admin
from django.db import models, transaction
from simple_history.admin import SimpleHistoryAdmin

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
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "reliability", "affiliation"]
    list_filter = ["kind", "reliability"]
    search_fields = ["name", "aliases__name", "description"]
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]
    inlines = [SourceAliasInline, GradeChangeInline]

    def get_readonly_fields(self, request, obj=None):
        # The grade changes only through a recorded GradeChange with a reason
        # (the grading page); here it can be read, not silently edited.
        return ["reliability"] if obj else []


@admin.register(GradeChange)
class GradeChangeAdmin(admin.ModelAdmin):
    list_display = ["source", "from_grade", "to_grade", "changed_by", "changed_at"]
    list_filter = ["to_grade", "from_grade"]
    search_fields = ["source__name", "reason"]
    list_select_related = ["source", "changed_by"]
    autocomplete_fields = ["source"]
    readonly_fields = ["changed_at"]


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


class VersionedAdmin(SimpleHistoryAdmin):
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
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "created_at"]
    search_fields = ["text", "description"]


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
