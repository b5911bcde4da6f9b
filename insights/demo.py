"""The demo's unnamed sources under governance: each has a justification, and the stories past
publication are signed off, so the demo is what the rules would have let through. Stories still
on the desk wait in the sign-off queue. Idempotent: nothing that exists is changed."""

from articles.demo import stories, translations
from articles.management.commands.loaddemo import demo_slug
from articles.models import ArticleStatus
from insights import governance
from insights.models import AnonymityReason, Justification, SignOff

#: (reason, why anonymity, how the correspondent knows it is reliable), taken in turn.
JUSTIFICATIONS = [
    (
        AnonymityReason.RISK,
        "Named, they could be questioned by the security services and lose their post.",
        "The correspondent has spoken to them over two years; what they said matched the documents "
        "we were shown and a second person in the same office.",
    ),
    (
        AnonymityReason.LEGAL,
        "Their contract forbids speaking to the press; naming them invites a lawsuit against them.",
        "They showed the correspondent the internal order they describe; the desk keeps a photograph of it.",
    ),
    (
        AnonymityReason.OTHER,
        "They speak for colleagues who fear for their families if one of them is identified.",
        "Three people who work with them confirmed the account separately, without knowing of each other.",
    ),
]
#: Stories that went through the desk before these rules existed: signed off as if they had.
SIGNED_STATES = {ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN}


def load(users, *, now):
    # A translation quotes the same unnamed people as its original: its citations are governed too.
    slugs = [demo_slug(spec["headline"]) for spec in stories.ARTICLES + translations.TRANSLATIONS]
    editor = users.get("editor")
    citations = governance.governed().filter(article__slug__in=slugs).select_related("article", "source")
    for turn, citation in enumerate(citations.order_by("article__slug", "position", "id")):
        reason, explanation, reliability = JUSTIFICATIONS[turn % len(JUSTIFICATIONS)]
        justification, _ = Justification.objects.get_or_create(
            citation=citation,
            defaults={
                "reason": reason,
                "explanation": explanation,
                "reliability": reliability,
                "written_by": citation.article.created_by,
            },
        )
        if citation.article.status in SIGNED_STATES and not SignOff.objects.filter(citation=citation).exists():
            SignOff.objects.create(
                citation=citation,
                signed_by=editor,
                signed_at=now,
                fingerprint=governance.fingerprint(citation, justification),
            )
