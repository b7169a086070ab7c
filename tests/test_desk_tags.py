"""The tags that build repeated HTML in Python escape exactly as Django does."""

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape
from django.utils.html import format_html as django_format_html

from claims.models import Source
from claims.templatetags.desk import (
    fast_field,
    fast_label,
    fast_url,
    format_html,
    source_badge_html,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "\" onmouseover=\"x()",
    "' onfocus='x()",
    "Tom & Jerry's {0} {}",
    "Малаев ‏العربية‏ 🇺🇦",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_format_html_escapes_like_django(value):
    template = '<a title="{}">{}</a>'
    assert format_html(template, value, value) == django_format_html(template, value, value)


@pytest.mark.parametrize("name", ["claims:claim-detail", "claims:source-detail"])
@pytest.mark.parametrize("pk", [1, 42, 1_000_000])
def test_fast_url_equals_reverse(name, pk):
    assert fast_url(name, pk) == reverse(name, args=[pk])


@pytest.mark.parametrize("name", HOSTILE)
def test_a_source_badge_shows_the_name_as_text(name):
    source = Source(pk=7, name=name, kind="person", reliability="B")
    html = source_badge_html(source)
    assert escape(name) in html
    assert "<script" not in html and "onmouseover=\"" not in html and "onfocus='" not in html
    assert reverse("claims:source-detail", args=[7]) in html
    assert ">B<" in html


class SampleForm(forms.Form):
    text = forms.CharField(label="Say <b>", max_length=20)
    choice = forms.ChoiceField(choices=[("a", "<A>"), ("b", "B & C")])


@pytest.mark.parametrize("data", [None, {"text": "<script>x</script>", "choice": "b"}])
def test_form_fields_render_like_django(data):
    form = SampleForm(data)
    for name in ["text", "choice"]:
        field = form[name]
        assert str(fast_field(field)) == str(field.as_widget()), name
        assert str(fast_label(field)) == str(field.label_tag()), name
