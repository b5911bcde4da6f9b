"""Mention detection obeys the proposals rule: a colleague's proposed organisation is not theirs to see."""

import pytest

from insights import mentions
from tests.factories import CorrespondentUserFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_correspondent_is_not_shown_a_colleagues_proposed_organisation():
    author, colleague = CorrespondentUserFactory(), CorrespondentUserFactory()
    proposal = OrganisationFactory(
        name="Naryn Herders Cooperative", acronym="NHC", is_proposed=True, proposed_by=colleague
    )
    text = "Members of the Naryn Herders Cooperative said the pasture was closed."

    seen_by_author = {m.obj.pk for m in mentions.mentioned(text, author) if m.kind == mentions.ORGANISATION}
    seen_by_colleague = {m.obj.pk for m in mentions.mentioned(text, colleague) if m.kind == mentions.ORGANISATION}

    assert proposal.pk not in seen_by_author
    assert proposal.pk in seen_by_colleague
