"""Deterministic stories, people and organisations for a large test archive.

Everything comes from a seeded ``random.Random``: batch ``k`` of articles and person number
``n`` are the same on every run, which is what lets ``loadarchive`` top an archive up.
People grow sublinearly with the archive (about 5,000 correspondents, 20,000 organisations
and 100,000 sources at a million articles), as a real network's contacts do.
"""

import bisect
import datetime as dt
import itertools
import random

from django.utils.text import slugify

from archive import words

BATCH = 1000
YEARS = 25
#: People at a million articles; smaller archives have ``(n / 1e6) ** 0.6`` of them.
PEOPLE_AT_A_MILLION = {"correspondent": 5000, "organisation": 20000, "source": 100000}
PEOPLE_FLOOR = {"correspondent": 20, "organisation": 50, "source": 200}


def people_for(articles):
    """How many of each kind of person an archive of ``articles`` stories has."""
    share = (max(articles, 1) / 1_000_000) ** 0.6
    return {kind: max(PEOPLE_FLOOR[kind], round(top * share)) for kind, top in PEOPLE_AT_A_MILLION.items()}


def _zipf(vocabulary):
    weights = [1 / (rank + 2.7) for rank in range(len(vocabulary))]
    return vocabulary, list(itertools.accumulate(weights))


VOCABULARY = {"en": _zipf(words.ENGLISH), "ru": _zipf(words.RUSSIAN)}
RARE = {"en": words.RARE_ENGLISH, "ru": words.RARE_RUSSIAN}
# Headline words skip the function words at the top of each list.
HEADLINE_WORDS = {"en": words.ENGLISH[40:], "ru": words.RUSSIAN[30:]}


def skewed(rng, n):
    """An index in ``range(n)``, low numbers far more likely: a few people appear in many stories."""
    return min(n - 1, int(n * rng.random() ** 2.5))


def person_name(number):
    rng = random.Random(f"person-{number}")
    return f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"


def organisation_name(number):
    """A unique, plausible name for every number (mixed radix over cities, forms and fields)."""
    fields, forms = words.ORGANISATION_FIELDS, words.ORGANISATION_FORMS
    field = fields[number % len(fields)]
    form = forms[(number // len(fields)) % len(forms)]
    place = words.CITIES[(number // (len(fields) * len(forms))) % len(words.CITIES)]
    round_ = number // (len(fields) * len(forms) * len(words.CITIES))
    name = f"{place} {form} {field}"
    return f"{name} ({round_ + 1})" if round_ else name


def acronym(name):
    return "".join(w[0] for w in name.split() if w[0].isupper())[:8]


def correspondent(number):
    rng = random.Random(f"correspondent-{number}")
    city = rng.choice(words.CITIES)
    withheld = rng.random() < 0.1
    pseudonym = not withheld and rng.random() < 0.2
    name = person_name(number + 500_000)
    byline = person_name(number + 900_000) if pseudonym else ""
    return {
        "name": name,
        "byline_name": byline,
        "is_pseudonym": pseudonym,
        "name_withheld": withheld,
        "withheld_label": f"A correspondent in {city}" if withheld else "",
        # As Correspondent.save() would: never the real name behind a pseudonym or a withheld byline.
        "slug": f"correspondent-{1_000_000 + number}" if withheld else f"{slugify(byline or name)}-c{number}",
        "role_title": "Correspondent",
        "base_location": city,
        "bio": "" if withheld else f"Reports from {city}.",
    }


def organisation(number):
    rng = random.Random(f"organisation-{number}")
    name = organisation_name(number)
    return {
        "name": name,
        "slug": f"{slugify(name)[:70]}-o{number}",
        "acronym": acronym(name),
        "kind": rng.choice(["ngo", "ngo", "ngo", "government", "research", "media", "court", "business"]),
        "description": f"Works on {name.split(' ', 2)[-1].lower()}.",
    }


def source(number):
    rng = random.Random(f"source-{number}")
    confidential = rng.random() < 0.08
    name = person_name(number)
    return {
        "name": name,
        "slug": f"source-{1_000_000 + number}" if confidential else f"{slugify(name)}-s{number}",
        "confidential": confidential,
        "public_descriptor": rng.choice(words.DESCRIPTORS) if confidential else "",
        "description": f"{rng.choice(words.ROLES).capitalize()} in {rng.choice(words.CITIES)}.",
    }


def _sentence(tokens):
    text = " ".join(tokens)
    return text[0].upper() + text[1:] + "."


def story(rng, seq, *, end, countries, programmes, topics, people):
    """One article as plain values: text, times, and who it cites (by person number)."""
    language = "ru" if rng.random() < 0.3 else "en"
    vocabulary, cumulative = VOCABULARY[language]
    total = cumulative[-1]
    country = rng.choice(countries)
    place = words.RUSSIAN_COUNTRY_NAMES[country] if language == "ru" else country
    title_words = rng.sample(HEADLINE_WORDS[language], 4)
    headline = f"{place}: {' '.join(title_words).capitalize()}"
    body_words = [vocabulary[bisect.bisect(cumulative, rng.random() * total)] for _ in range(rng.randint(400, 900))]
    if rng.random() < 0.03:
        body_words[rng.randrange(len(body_words))] = rng.choice(RARE[language])
    organisations = [skewed(rng, people["organisation"]) for _ in range(rng.randint(1, 3))]
    paragraphs, at = [], 0
    while at < len(body_words):
        size = rng.randint(50, 110)
        chunk = body_words[at : at + size]
        sentences = [_sentence(chunk[i : i + 14]) for i in range(0, len(chunk), 14)]
        paragraphs.append(" ".join(sentences))
        at += size
    for i, number in enumerate(organisations):
        name = organisation_name(number)
        paragraphs[min(i + 1, len(paragraphs) - 1)] += f" The {name} ({acronym(name)}) said so in a report."
    citations = [{"organisation": number, "source": None} for number in organisations]
    for _ in range(rng.randint(3, 8) - len(organisations)):
        anonymous = rng.random() < 0.12
        citations.append(
            {
                "source": skewed(rng, people["source"]),
                "organisation": rng.choice(organisations) if rng.random() < 0.5 else None,
                "anonymous": anonymous,
                "descriptor": rng.choice(words.DESCRIPTORS) if anonymous else "",
                "role": rng.choice(words.ROLES),
                "quote": _sentence(rng.sample(body_words, 10)) if rng.random() < 0.5 else "",
            }
        )
    publish_at = end - dt.timedelta(seconds=rng.randrange(YEARS * 365 * 86400))
    state = rng.random()
    status = "published" if state < 0.97 else "withdrawn" if state < 0.98 else "draft"
    return {
        "headline": headline,
        "slug": f"{slugify(headline, allow_unicode=True)[:90].strip('-')}-{seq}",
        "standfirst": _sentence(rng.sample(body_words, 16)),
        "body": "".join(f"<p>{p}</p>" for p in paragraphs),
        "language": language,
        "status": status,
        "publish_at": None if status == "draft" else publish_at,
        "withdrawn_at": publish_at + dt.timedelta(days=2) if status == "withdrawn" else None,
        "created_at": publish_at - dt.timedelta(hours=rng.randint(2, 72)),
        "programme": rng.choice(programmes) if rng.random() < 0.85 else None,
        "countries": list(dict.fromkeys([country, *rng.sample(countries, rng.randint(0, 2))])),
        "topics": rng.sample(topics, rng.randint(2, 5)),
        "bylines": list(dict.fromkeys(skewed(rng, people["correspondent"]) for _ in range(rng.randint(1, 3)))),
        "citations": citations,
    }


def batch(number, *, end, countries, programmes, topics):
    """The stories of batch ``number``, the same on every run."""
    rng = random.Random(f"newsroom-archive-batch-{number}")
    people = people_for((number + 1) * BATCH)
    first = number * BATCH
    return [
        story(rng, first + i, end=end, countries=countries, programmes=programmes, topics=topics, people=people)
        for i in range(BATCH)
    ]
