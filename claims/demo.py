"""The seed article's desk: its document, sources, claims, questions and links.

The Moscow Times, Monday 4 August 2014, drawing on Interfax and RIA Novosti.
The claims quote the article's short statements with attribution, as a fact
desk does; the article's body itself is not part of this project and is read
from a file when one is given (the shared data folder), so that quotes can be
anchored in it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from .anchors import anchor_quote
from .models import Claim, ClaimLink, ClaimRelay, Document, Question, Source
from .services_inbox import pairs_refresh

SEED_URL = (
    "https://www.themoscowtimes.com/2014/08/04/"
    "hundreds-of-ukrainian-soldiers-defect-to-russia-fsb-official-says-a38046"
)
SEED_TITLE = "Hundreds of Ukrainian Soldiers Defect to Russia, FSB Official Says"
SEED_PUBLISHED = datetime(2014, 8, 4, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))
SEED_ARTICLE = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "data"
    / "hundreds-of-ukrainian-soldiers-defect.txt"
)

MONDAY = date(2014, 8, 4)

# name: (kind, affiliation, starting grade)
SOURCES = {
    "The Moscow Times": ("outlet", None, "B"),
    "Interfax": ("outlet", None, "B"),
    "RIA Novosti": ("outlet", None, "C"),
    "FSB Border Service": ("organization", None, "C"),
    "Vasily Malayev": ("person", "FSB Border Service", "C"),
    "Unnamed FSB border security official": ("person", "FSB Border Service", "D"),
    "Ukrainian military": ("organization", None, "C"),
    "Oleksiy Dmitrashkovsky": ("person", "Ukrainian military", "C"),
    "Russian Air Force": ("organization", None, "C"),
    "Igor Klimov": ("person", "Russian Air Force", "C"),
    "United Nations": ("organization", None, "B"),
    "Government of Ukraine": ("organization", None, "C"),
    "Government of Russia": ("organization", None, "C"),
    "Russian Ministry of Defense": ("organization", "Government of Russia", "C"),
}


@dataclass(frozen=True)
class SeedClaim:
    key: str
    statement: str
    quote: str
    speaker: str
    relays: tuple[str, ...]
    said: tuple[str, date | None, date | None, str] = ("Monday", MONDAY, MONDAY, "day")
    about: tuple[str, date | None, date | None, str] = ("", None, None, "")
    # phrase, low, high, low inclusive, high inclusive, unit
    quantity: tuple = ("", None, None, True, True, "")
    certainty: str = "asserted"
    questions: tuple[str, ...] = field(default_factory=tuple)


Q_HOW_MANY = "How many Ukrainian soldiers crossed into Russia on 4 August 2014?"
Q_WHY = "Why did the Ukrainian soldiers cross into Russia?"
Q_SUPPLY = "Does Russia supply the rebels with equipment and expertise?"

QUESTIONS = {
    Q_HOW_MANY: "The Russian border service gave a figure; Ukraine would not.",
    Q_WHY: "Desertion, as Russian officials said, or retreat under rebel fire, as Ukraine said.",
    Q_SUPPLY: "Ukraine and Western countries accuse; the Russian government denies.",
}

VIA_INTERFAX = ("Interfax", "The Moscow Times")

CLAIMS = [
    SeedClaim(
        key="438",
        statement="438 Ukrainian soldiers reached Russia on Monday.",
        quote="438 Ukrainian soldiers had reached Russia on Monday",
        speaker="Vasily Malayev",
        relays=VIA_INTERFAX,
        about=("on Monday", MONDAY, MONDAY, "day"),
        quantity=("438 Ukrainian soldiers", Decimal(438), Decimal(438), True, True, "soldiers"),
        questions=(Q_HOW_MANY,),
    ),
    SeedClaim(
        key="400",
        statement="More than 400 Ukrainian soldiers crossed the border and deserted Kiev.",
        quote=(
            "More than 400 Ukrainian soldiers have crossed the border into Russia "
            "and deserted the Kiev government"
        ),
        speaker="Unnamed FSB border security official",
        relays=VIA_INTERFAX,
        about=("Monday", MONDAY, MONDAY, "day"),
        quantity=("More than 400 Ukrainian soldiers", Decimal(400), None, False, True, "soldiers"),
        questions=(Q_HOW_MANY, Q_WHY),
    ),
    SeedClaim(
        key="180",
        statement="By Monday afternoon more than 180 of the soldiers had been sent back.",
        quote='By Monday afternoon, "more than 180" of them had been sent back to Ukraine',
        speaker="Vasily Malayev",
        relays=("RIA Novosti", "The Moscow Times"),
        about=("By Monday afternoon", MONDAY, MONDAY, "day"),
        quantity=("more than 180 of them", Decimal(180), None, False, True, "soldiers"),
    ),
    SeedClaim(
        key="forced",
        statement="The soldiers were forced into Russian territory by rebel fire.",
        quote="the soldiers were forced into Russian territory by rebel fire",
        speaker="Ukrainian military",
        relays=("The Moscow Times",),
        about=("Monday", MONDAY, MONDAY, "day"),
        questions=(Q_WHY,),
    ),
    SeedClaim(
        key="too-early",
        statement="It is too early to confirm how many soldiers crossed into Russia.",
        quote="it was too early to confirm how many soldiers had crossed into Russia",
        speaker="Oleksiy Dmitrashkovsky",
        relays=("The Moscow Times",),
        certainty="withheld",
        questions=(Q_HOW_MANY,),
    ),
    SeedClaim(
        key="brigade",
        statement="Part of a brigade most likely crossed; the military would not say how many.",
        quote="part of a brigade had most likely crossed into Russian territory",
        speaker="Ukrainian military",
        relays=("The Moscow Times",),
        certainty="hedged",
        questions=(Q_HOW_MANY,),
    ),
    SeedClaim(
        key="drills",
        statement="Air force drills run Monday to Friday with more than 100 jets and helicopters.",
        quote="The drills will start Monday and last through Friday",
        speaker="Igor Klimov",
        relays=VIA_INTERFAX,
        said=("Earlier Monday", MONDAY, MONDAY, "day"),
        about=(
            "will start Monday and last through Friday",
            MONDAY,
            date(2014, 8, 8),
            "day",
        ),
        quantity=(
            "more than 100 fighter jets and helicopters",
            Decimal(100),
            None,
            False,
            True,
            "fighter jets and helicopters",
        ),
    ),
    SeedClaim(
        key="casualties",
        statement="The conflict has claimed at least 1,129 civilian casualties since April.",
        quote="a conflict that has claimed at least 1,129 civilian casualties",
        speaker="United Nations",
        relays=("The Moscow Times",),
        said=("", None, None, ""),
        about=("since April", date(2014, 4, 1), None, "month"),
        quantity=(
            "at least 1,129 civilian casualties",
            Decimal(1129),
            None,
            True,
            True,
            "civilian casualties",
        ),
    ),
    SeedClaim(
        key="supply",
        statement="Russia provides the rebels with equipment and expertise.",
        quote=(
            "Ukraine and Western countries have accused Russia of providing the rebels "
            "with equipment and expertise"
        ),
        speaker="Government of Ukraine",
        relays=("The Moscow Times",),
        said=("", None, None, ""),
        questions=(Q_SUPPLY,),
    ),
    SeedClaim(
        key="denial",
        statement="Russia does not provide the rebels with equipment and expertise.",
        quote="a claim that the Russian government has repeatedly denied",
        speaker="Government of Russia",
        relays=("The Moscow Times",),
        said=("", None, None, ""),
        questions=(Q_SUPPLY,),
    ),
    SeedClaim(
        key="no-comment",
        statement="Russia's Ministry of Defense could not be reached for comment.",
        quote="Russia's Ministry of Defense could not be reached for comment",
        speaker="Russian Ministry of Defense",
        relays=("The Moscow Times",),
        certainty="withheld",
    ),
]

# first, second, kind, nature, note
LINKS = [
    ("438", "too-early", "contradicts", "certainty", "A firm figure against no figure at all."),
    ("400", "forced", "contradicts", "causal", "Deserted, or forced over by rebel fire?"),
    ("supply", "denial", "contradicts", "other", "An accusation and its denial."),
    ("438", "400", "supports", "", "438 lies within 'more than 400'."),
    ("438", "brigade", "contradicts", "certainty", "A firm figure against 'would not say'."),
]


def read_article(path: Path | None) -> str:
    if path is None or not path.exists():
        return ""
    return path.read_text(encoding="utf-8")


@transaction.atomic
def demo_load(*, body: str = "", by=None) -> dict[str, Claim]:
    """Load (or refresh) the seed desk; running it twice leaves the same rows."""
    sources: dict[str, Source] = {}
    for name, (kind, _, _) in SOURCES.items():
        sources[name], _ = Source.get_or_create_named(name=name, kind=kind)
    for name, (_, affiliation, grade) in SOURCES.items():
        source = sources[name]
        if affiliation and source.affiliation_id != sources[affiliation].pk:
            source.affiliation = sources[affiliation]
            source.save(update_fields=["affiliation", "updated_at"])
        if not source.grade_changes.exists():
            source.set_reliability(grade, reason="Starting grade of the demo desk.", by=by)

    document, _ = Document.objects.update_or_create(
        url=SEED_URL,
        defaults={
            "title": SEED_TITLE,
            "publisher": sources["The Moscow Times"],
            "published_at": SEED_PUBLISHED,
            "language": "en",
            "body": body,
        },
    )
    # Keep an existing body if this run has none to give.
    body = document.body

    questions = {}
    for text, description in QUESTIONS.items():
        question, _ = Question.objects.get_or_create(
            text=text, defaults={"description": description}
        )
        if question.description != description:
            question.description = description
            question.save()
        questions[text] = question

    claims: dict[str, Claim] = {}
    changed: list[Claim] = []  # logged or corrected by this run: their pairs are refreshed
    for seed in CLAIMS:
        anchor = anchor_quote(body, seed.quote)
        q_phrase, q_low, q_high, q_low_inc, q_high_inc, q_unit = seed.quantity
        defaults = {
            "statement": seed.statement,
            "speaker": sources[seed.speaker],
            "quote_prefix": anchor.prefix if anchor else "",
            "quote_suffix": anchor.suffix if anchor else "",
            "quote_start": anchor.start if anchor else None,
            "said_phrase": seed.said[0],
            "said_start": seed.said[1],
            "said_end": seed.said[2],
            "said_precision": seed.said[3],
            "about_phrase": seed.about[0],
            "about_start": seed.about[1],
            "about_end": seed.about[2],
            "about_precision": seed.about[3],
            "quantity_phrase": q_phrase,
            "quantity_low": q_low,
            "quantity_high": q_high,
            "quantity_low_inclusive": q_low_inc,
            "quantity_high_inclusive": q_high_inc,
            "quantity_unit": q_unit,
            "certainty": seed.certainty,
        }
        claim = Claim.objects.filter(document=document, quote=seed.quote).first()
        if claim is None:
            claim = Claim.objects.create(
                document=document, quote=seed.quote, created_by=by, **defaults
            )
            changed.append(claim)
        elif any(getattr(claim, name) != value for name, value in defaults.items()):
            for name, value in defaults.items():
                setattr(claim, name, value)
            claim.save()
            changed.append(claim)
        relays = [sources[name] for name in seed.relays]
        current = [r.source_id for r in claim.relay_links.order_by("position")]
        if current != [s.pk for s in relays]:
            claim.relay_links.all().delete()
            ClaimRelay.objects.bulk_create(
                ClaimRelay(claim=claim, source=source, position=position)
                for position, source in enumerate(relays, start=1)
            )
        wanted = {questions[text].pk for text in seed.questions}
        if set(claim.questions.values_list("pk", flat=True)) != wanted:
            claim.questions.set(wanted)
        claims[seed.key] = claim

    for first, second, kind, nature, note in LINKS:
        if ClaimLink.between(claims[first], claims[second]) is None:
            ClaimLink.objects.create(
                first=claims[first],
                second=claims[second],
                kind=kind,
                nature=nature,
                note=note,
                proposed_by=by,
            )
    # The suggested pairs of the inbox, as if each claim had been logged through the form.
    for claim in changed:
        pairs_refresh(claim=claim)
    return claims
