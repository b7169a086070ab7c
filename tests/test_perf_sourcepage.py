"""A source's page at scale: its claim lists read as named rows into presenters
(claims.source_rows.SourceClaimRow), its members and aliases, in a fixed number of
queries. The HTML must be what the templates made from model instances, hostile text
escaped."""

import re

import pytest
from django.template import engines
from django.urls import reverse

from claims import source_rows
from claims.badges import source_badge
from claims.models import Claim, ClaimRelay, Document, Source, SourceAlias
from claims.paging import Slice
from claims.ratings import claim_rating, grading_for

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & \'q\''

# The claim lists drawn from Claims read by Claim.objects.for_rows("version"), with the
# shared macros: what the page must show from its named rows.
OLD_LIST = """{% from "claims/macros.html" import badge, chain, credibility %}{% if claims.object_list %}
<table class="source-claims">
  <thead><tr><th scope="col">Claim</th><th scope="col">Rating</th><th scope="col">Said by</th><th scope="col">In</th></tr></thead>
  <tbody>
    {% for claim in claims.object_list %}
    <tr>
      <td><a href="{{ claim.get_absolute_url() }}">{{ claim.statement }}</a></td>
      <td>{{ credibility(claim_rating(claim), grading) }}</td>
      <td class="chain">{{ chain(badges(claim)) }}</td>
      <td>{{ claim.document.title }}</td>
    </tr>
    {% endfor %}
  </tbody>
</table>
{% if claims.has_other_pages() %}
<nav class="pagination" aria-label="Pages of claims">
  {% if claims.has_previous %}<a href="{{ url("claims:source-detail", source.pk) }}?{{ page_param }}={{ claims.previous_page_number() }}">Previous</a>{% endif %}
  <span>Page {{ claims.number }}, newest first</span>
  {% if claims.has_next %}<a href="{{ url("claims:source-detail", source.pk) }}?{{ page_param }}={{ claims.next_page_number() }}">Next</a>{% endif %}
</nav>
{% endif %}
{% elif claims.number > 1 %}
<p>No more on this page.</p>
{% else %}
<p>None.</p>
{% endif %}"""  # noqa: E501


def url(source: Source) -> str:
    return reverse("claims:source-detail", args=[source.pk])


def same_token(html: str) -> str:
    """The page with every CSRF token the same (each render masks it anew)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


def as_jinja2_escapes(html: str) -> str:
    """Django's escaping of quotes as Jinja2's (markupsafe) writes them: the same text."""
    return html.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


@pytest.fixture
def hostile_desk(db) -> dict:
    """A speaker with 25 claims (hostile statements, some graded), each relayed by two
    sources (their relays made in the opposite order of their positions), and an agency
    that relays them all."""
    speaker = Source.objects.create(name=f"{HOSTILE} speaker", kind="person", reliability="C")
    agency = Source.objects.create(name=f"{HOSTILE} agency", kind="outlet", reliability="B")
    outlet = Source.objects.create(name="Outlet & sons", kind="outlet")
    document = Document.objects.create(title=f"{HOSTILE} wire", published_at="2024-05-01T09:00Z")
    claims = []
    for i in range(25):
        claim = Claim.objects.create(
            document=document, statement=f"{HOSTILE} {i}", speaker=speaker,
            credibility=(i % 7) or None,
        )
        ClaimRelay.objects.create(claim=claim, source=outlet, position=2)
        ClaimRelay.objects.create(claim=claim, source=agency, position=1)
        claims.append(claim)
    return {"speaker": speaker, "agency": agency, "claims": claims}


def old_list(source: Source, claims, number: int, param: str, request, user) -> str:
    page = Slice(claims.order_by("-created_at", "-pk"), number, source_rows.ROWS_PER_PAGE)
    return engines["jinja2"].env.from_string(OLD_LIST).render({
        "claims": page, "source": source, "page_param": param, "claim_rating": claim_rating,
        "grading": grading_for(request),
        "badges": lambda claim: [source_badge(s) for s in claim.attribution_chain()],
    })


@pytest.mark.parametrize("role", ["reviewer", "editor"])
@pytest.mark.parametrize("number", [1, 2])
def test_the_claim_lists_are_what_the_templates_made_from_claims(
    client, request, role, number, hostile_desk
):
    user = request.getfixturevalue(role)
    speaker, agency = hostile_desk["speaker"], hostile_desk["agency"]
    client.force_login(user)
    rows = Claim.objects.for_rows("version")
    for source in (speaker, agency):
        target = url(source) + f'?spoken_page={number}&relayed_page={number}&x=<y>"'
        response = client.get(target)
        html = same_token(response.content.decode())
        relayed = ClaimRelay.objects.filter(source=source).values("claim_id")
        for param, claims in (
            ("spoken_page", rows.filter(speaker=source)),
            ("relayed_page", rows.filter(pk__in=relayed)),
        ):
            expected = old_list(source, claims, number, param, response.wsgi_request, user)
            assert as_jinja2_escapes(same_token(expected)) in html
        assert ("credibility-form" in html) == (role == "reviewer")
        assert HOSTILE not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;" in html


def test_the_rows_return_to_the_page_and_chain_the_relays_by_position(
    client, reviewer, hostile_desk
):
    speaker = hostile_desk["speaker"]
    client.force_login(reviewer)
    html = client.get(url(speaker) + '?x=<y>"').content.decode()
    assert f'value="{url(speaker)}?x=%3Cy%3E%22"' in html  # the page to return to, escaped
    # The chain: the speaker, then its relays by their positions.
    first = html.split('<table class="source-claims">', 1)[1].split("</tr>", 2)[1]
    assert first.index("speaker</a>") < first.index("agency</a>") < first.index("Outlet &amp;")


def test_both_lists_read_their_relays_in_one_query(
    client, reviewer, django_assert_num_queries, hostile_desk
):
    speaker, agency = hostile_desk["speaker"], hostile_desk["agency"]
    ClaimRelay.objects.filter(source=agency).update(source=speaker)  # it relays its own
    client.force_login(reviewer)
    client.get(url(speaker))
    # session, user, permissions, source, grade changes, claims spoken, claims relayed,
    # the relays of both, links, aliases, members
    with django_assert_num_queries(11):
        response = client.get(url(speaker))
    assert len(response.context["claims"].spoken.object_list) == 20
    assert len(response.context["claims"].relayed.object_list) == 20


@pytest.mark.parametrize("count", [3, 60])
def test_the_page_takes_the_same_queries_for_few_or_many_members(
    client, editor, django_assert_num_queries, count
):
    body = Source.objects.create(name="Body", kind="organization")
    Source.objects.bulk_create(
        Source(name=f"Member {i:02}", kind="person", affiliation=body) for i in range(count)
    )
    SourceAlias.objects.bulk_create(
        SourceAlias(source=body, name=f"Alias {i:02}") for i in range(count)
    )
    client.force_login(editor)
    client.get(url(body))
    with django_assert_num_queries(10):  # no claims: no relays to read
        response = client.get(url(body))
    assert len(response.context["members"].object_list) == min(count, 20)


def test_members_and_aliases_show_as_before_escaped_and_in_order(client, editor, db):
    body = Source.objects.create(name="Body", kind="organization")
    for name in ("beta", f"{HOSTILE} member", "Alpha"):
        Source.objects.create(name=name, kind="person", affiliation=body, reliability="B")
    for name in ("zed", f"{HOSTILE} alias", "Aleph"):
        SourceAlias.objects.create(source=body, name=name)
    client.force_login(editor)
    response = client.get(url(body))
    html = response.content.decode()
    members = Source.objects.filter(affiliation=body)
    expected = engines["jinja2"].env.from_string(
        '{% from "claims/macros.html" import badge %}'
        "{% for member in members %}<li>{{ badge(member) }}</li>{% endfor %}"
    ).render({"members": [source_badge(m) for m in
                          sorted(members, key=lambda m: (m.name.lower(), m.pk))]})
    assert f'<ul class="members">\n    {as_jinja2_escapes(expected)}\n  </ul>' in html
    aliases = "".join(
        f'<span class="alias">{name}</span>, '
        for name in ("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39; alias",
                     "Aleph")
    )
    assert f'<dd>{aliases}<span class="alias">zed</span></dd>' in html
    assert HOSTILE not in html


def test_a_members_count_answers_a_page_past_the_end(client, editor, db):
    body = Source.objects.create(name="Body", kind="organization")
    Source.objects.bulk_create(
        Source(name=f"Member {i:02}", kind="person", affiliation=body) for i in range(23)
    )
    client.force_login(editor)
    members = client.get(url(body), {"members_page": "7"}).context["members"]
    assert [m.name for m in members.object_list] == ["Member 20", "Member 21", "Member 22"]
    assert members.count == 23 and members.number == 2


def test_a_refused_grade_shows_the_forms_errors_as_django_renders_them(client, admin_user, db):
    from claims.forms.sources import GradeForm

    body = Source.objects.create(name="Body", kind="organization", reliability="B")
    data = {"grade": "B", "reason": "  "}
    client.force_login(admin_user)
    response = client.post(
        reverse("claims:source-grade", args=[body.pk]), data, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    form = GradeForm(data, source=body)
    assert not form.is_valid()
    for errors in (form["grade"].errors, form["reason"].errors):
        assert errors and str(errors) in html
    assert html.count('class="errorlist') == 2
