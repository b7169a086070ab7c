"""ClaimReview JSON-LD: the seed's resolved 438 contradiction, on the claim page and in the
downloads, with every field Google's ClaimReview docs require or recommend, mapped as
DOMAIN.md says."""

import json
import re

import pytest
from django.urls import reverse

from claims import services
from claims.claimreview import desk_reviews, review, reviews_of_claim, script_json
from claims.models import ClaimLink

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def resolved(seed_without_body, reviewer):
    """The seed's "438" against "too early to confirm", resolved: the number upheld."""
    claims = seed_without_body
    link = ClaimLink.between(claims["438"], claims["too-early"])
    link = services.contradiction_resolve(
        link=link, outcome=ClaimLink.Outcome.FIRST_UPHELD,
        rationale="The border service's count was later confirmed by a second agency.",
        by=reviewer, expected_version=link.version,
    )
    return claims, link


def assert_complete(document: dict) -> None:
    """Every required and recommended ClaimReview field is there and well formed."""
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    for field in ("claimReviewed", "reviewRating", "url", "author", "datePublished",
                  "itemReviewed"):
        assert document[field], field
    assert len(document["claimReviewed"]) <= 75
    rating = document["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"]
    assert rating["bestRating"] == 1 and rating["worstRating"] == 6
    assert 1 <= rating["ratingValue"] <= 6
    assert document["author"]["@type"] == "Organization" and document["author"]["name"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", document["datePublished"])
    item = document["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", item["datePublished"])
    assert item["appearance"] and item["firstAppearance"]["@type"] == "CreativeWork"


def test_a_resolved_contradiction_reviews_each_of_its_claims(resolved, settings):
    settings.NEWSROOM_NAME = "The Border Desk"
    claims, link = resolved
    [first] = reviews_of_claim(claims["438"].pk, ORIGIN)
    [second] = reviews_of_claim(claims["too-early"].pk, ORIGIN)
    for document in (first, second):
        assert_complete(document)
    assert first["claimReviewed"] == "438 Ukrainian soldiers reached Russia on Monday."
    assert first["reviewRating"]["alternateName"] == "Upheld"
    assert second["reviewRating"]["alternateName"] == "Not upheld"
    # Neither claim was graded: the value is the one the outcome implies.
    assert first["reviewRating"]["ratingValue"] == 2
    assert second["reviewRating"]["ratingValue"] == 5
    assert first["author"] == {
        "@type": "Organization", "name": "The Border Desk", "url": f"{ORIGIN}/"
    }
    assert first["url"] == f"{ORIGIN}/claims/{claims['438'].pk}/#review-{link.pk}"
    assert first["datePublished"] == link.resolved_at.date().isoformat()
    assert first["reviewBody"] == link.rationale
    item = first["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Vasily Malayev"}
    assert item["datePublished"] == "2014-08-04"
    document = claims["438"].document
    assert item["firstAppearance"] == {
        "@type": "CreativeWork", "url": document.url, "headline": document.title,
        "datePublished": "2014-08-04",
        "publisher": {"@type": "Organization", "name": "The Moscow Times"},
    }
    assert item["appearance"] == [item["firstAppearance"]]


def test_a_graded_claim_is_rated_by_its_grade_and_open_links_review_nothing(resolved):
    claims, _ = resolved
    type(claims["438"]).objects.filter(pk=claims["438"].pk).update(credibility=1)
    [document] = reviews_of_claim(claims["438"].pk, ORIGIN)
    assert document["reviewRating"]["ratingValue"] == 1
    # Its other contradiction (with "brigade") is open: no review for it.
    assert reviews_of_claim(claims["brigade"].pk, ORIGIN) == []


@pytest.mark.parametrize(("outcome", "first", "second"), [
    ("second_upheld", ("Not upheld", 5), ("Upheld", 2)),
    ("both_partly", ("Partly upheld", 3), ("Partly upheld", 3)),
    ("neither", ("Not upheld", 5), ("Not upheld", 5)),
    ("undecidable", ("Cannot be decided", 6), ("Cannot be decided", 6)),
])
def test_each_outcome_gives_each_side_its_verdict(seed_without_body, outcome, first, second):
    claims = seed_without_body
    link = ClaimLink.between(claims["400"], claims["forced"])
    services.contradiction_resolve(link=link, outcome=outcome, rationale="Decided.", by=None,
                                   expected_version=link.version)
    ratings = [
        (d["reviewRating"]["alternateName"], d["reviewRating"]["ratingValue"])
        for d in desk_reviews(ORIGIN)
    ]
    assert ratings == [first, second]


def test_a_long_statement_is_cut_under_75_characters_and_unsafe_text_is_escaped(resolved):
    claims, _ = resolved
    type(claims["438"]).objects.filter(pk=claims["438"].pk).update(
        statement="A statement that closes the script early </script><script>alert(1)</script>"
        " and goes on for well over seventy-five characters & more"
    )
    [document] = reviews_of_claim(claims["438"].pk, ORIGIN)
    assert len(document["claimReviewed"]) <= 75
    text = script_json(document)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == document


def test_the_claim_page_shows_the_review_as_json_ld_and_as_a_block_to_copy(client, editor,
                                                                          resolved):
    claims, link = resolved
    client.force_login(editor)
    page = client.get(reverse("claims:claim-detail", args=[claims["438"].pk])).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert [json.loads(s) for s in scripts] == reviews_of_claim(claims["438"].pk, ORIGIN)
    assert f'id="review-{link.pk}"' in page
    assert "&lt;script type=&#34;application/ld+json&#34;&gt;" in page  # the copyable block
    # A claim no resolution judged has no ClaimReview section.
    page = client.get(reverse("claims:claim-detail", args=[claims["drills"].pk])).content
    assert b"application/ld+json" not in page


def test_the_desk_and_a_question_download_their_reviews(client, editor, resolved):
    claims, _ = resolved
    client.force_login(editor)
    response = client.get(reverse("claims:claimreview-desk"))
    assert response["Content-Type"].startswith("application/ld+json")
    assert "claimreviews.jsonld" in response["Content-Disposition"]
    documents = json.loads(b"".join(response.streaming_content))
    assert len(documents) == 2
    for document in documents:
        assert_complete(document)
    question = claims["too-early"].questions.get()
    response = client.get(reverse("claims:claimreview-question", args=[question.pk]))
    on_question = json.loads(b"".join(response.streaming_content))
    claimed = {d["claimReviewed"] for d in on_question}
    wanted = {c.statement for c in (claims["438"], claims["too-early"])
              if c.questions.filter(pk=question.pk).exists()}
    assert claimed == wanted


def test_a_review_is_built_from_plain_values(resolved):
    claims, link = resolved
    from claims.claimreview import _rows
    [row] = _rows(ClaimLink.objects.filter(pk=link.pk))
    assert review(row, "first", ORIGIN) == reviews_of_claim(claims["438"].pk, ORIGIN)[0]
