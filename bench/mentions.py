"""Benchmark mention detection: a 2,000-word story against 20,000 organisations and 100,000 sources.

    .venv/bin/python bench/mentions.py

Names are generated here (no database): organisations with a full name, an acronym and an
alias, sources with Latin and Cyrillic names. It reports the time to build the automaton
(once per process, and again after a name changes), the time to scan one story (budget:
50 ms), and the time to make the blind-index digests an editor's scan sends to the database
for confidential names (the query itself is not timed here).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from insights.mentions import MentionIndex, _word_sequences, article_text  # noqa: E402
from people.encryption import exact_name_digests  # noqa: E402

ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "20000"))
SOURCES = int(os.environ.get("BENCH_SOURCES", "100000"))
WORDS = int(os.environ.get("BENCH_WORDS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
BUDGET_MS = 50

FIRST = ["Aigerim", "Bakyt", "Dilnoza", "Erlan", "Farida", "Gulnara", "Ilyas", "Jamila", "Kanat", "Lola", "Murat",
         "Nurlan", "Oygul", "Pari", "Rustam", "Saule", "Timur", "Umida", "Vahid", "Zarina", "Айгерим", "Бахыт",
         "Данияр", "Ерлан", "Жанна", "Ильяс", "Камила", "Марат", "Нурлан", "Ойгуль"]  # fmt: skip
LAST = ["Sadykova", "Omurov", "Rashidova", "Tokonova", "Karimov", "Abenova", "Yusupov", "Ismailova", "Nazarov",
        "Petrosyan", "Aliyev", "Kasymova", "Бекова", "Омуров", "Садыкова", "Рашидов", "Токонова", "Каримова",
        "Абенов", "Юсупова"]  # fmt: skip
ORG_WORDS = ["Legal", "Rights", "Water", "Media", "Women's", "Youth", "Farmers'", "Migrant", "Health", "Press",
             "Justice", "Land", "Education", "Energy", "Border", "Civic", "Labour", "Election", "Housing",
             "Mountain"]  # fmt: skip
ORG_KINDS = ["Centre", "Bureau", "Union", "Network", "Foundation", "Institute", "Committee", "Council", "Clinic"]
PLACES = ["Osh", "Bishkek", "Almaty", "Dushanbe", "Khujand", "Tashkent", "Nukus", "Kabul", "Herat", "Yerevan",
          "Tbilisi", "Baku", "Taraz", "Shymkent", "Karakol", "Naryn", "Batken", "Termez", "Balkh",
          "Gyumri"]  # fmt: skip
#: Common words, many of them shorter than any name, that the automaton must walk past.
FILLER = ["the", "of", "and", "said", "a", "in", "to", "that", "was", "for", "on", "with", "as", "by", "at", "from",
          "it", "but", "not", "they", "have", "this", "had", "were", "which", "water", "canal", "village", "court",
          "lawyer", "officials", "border", "teachers", "families", "winter", "prices", "road", "school"]  # fmt: skip


def organisations(rng):
    for pk in range(ORGANISATIONS):
        a, b = rng.sample(ORG_WORDS, 2)
        kind, place = rng.choice(ORG_KINDS), rng.choice(PLACES)
        name = f"{place} {a} {b} {kind} {pk}"
        acronym = f"{place[0]}{a[0]}{b[0]}{kind[0]}{pk}".upper()
        yield pk, name, acronym, f"{a} {kind} of {place} {pk}"


def sources(rng):
    for pk in range(SOURCES):
        yield pk, f"{rng.choice(FIRST)} {rng.choice(LAST)} {pk}"


def story(rng, orgs, people):
    words = [rng.choice(FILLER) for _ in range(WORDS)]
    for i in range(0, WORDS, 60):
        pk, name, acronym, alias = rng.choice(orgs)
        words[i] = rng.choice([name, acronym, alias])
    for i in range(30, WORDS, 90):
        words[i] = rng.choice(people)[1]
    return "<p>" + " ".join(words) + "</p>"


def main():
    rng = random.Random(11)
    orgs, people = list(organisations(rng)), list(sources(rng))
    started = time.perf_counter()
    index = MentionIndex.build(orgs, people)
    build = time.perf_counter() - started
    body = story(rng, orgs, people)
    text = article_text("Kyrgyzstan: Water Courts Hear Cases", "A standfirst of one sentence.", body)
    timings, hits = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        hits = index.scan(text)
        timings.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    digests = exact_name_digests("people.source", _word_sequences(text))
    digest_ms = (time.perf_counter() - started) * 1000
    scan_ms = statistics.median(timings)
    print(
        f"names: {len(orgs):,} organisations (name, acronym, alias) and {len(people):,} sources = {index.keys:,} keys"
    )
    print(f"story: {len(text.split()):,} words, {len(text):,} characters, {len(hits)} mentions found")
    print(f"build: {build * 1000:.0f} ms (once per process, and after a name changes)")
    print(f"scan:  median {scan_ms:.2f} ms, worst {max(timings):.2f} ms over {RUNS} runs (budget {BUDGET_MS} ms)")
    print(f"blind-index digests for confidential names: {len(digests):,} in {digest_ms:.1f} ms")
    return 0 if scan_ms < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
