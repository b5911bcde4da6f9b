"""How some demo stories got to their state: earlier drafts, the editor's return, the resubmission.

``loaddemo`` plays these through the real code (``revisions.apply``/``record_revision`` for each
save, as the desk's form does, and ``workflow.submit``/``return_to_author`` for the steps), so the
History and diff pages of a fresh install have something to show. Each draft changes the story's
final text (``stories.ARTICLES``): ``paragraphs`` keeps the first paragraphs of its body,
``citations`` the first citations, and any text field given replaces the final one.
"""

#: headline (as in stories.ARTICLES) → the saves and steps, in order, after the first save.
HISTORIES = {
    "Kyrgyzstan: Women Leading Village Councils Say They Are Outvoted": [
        (
            "save",
            {
                "headline": "Women council heads outvoted",
                "standfirst": "Women who run village councils say they cannot get their budgets heard.",
                "paragraphs": 1,
            },
        ),
        ("save", {"headline": "Kyrgyzstan: Women Council Heads Say They Are Outvoted"}),
        ("save", {}),
        ("submit", None),
        ("return", None),  # with the story's own note
    ],
    "Kyrgyzstan: Interior Ministry Promises Body Cameras in Osh Stations": [
        (
            "save",
            {
                "headline": "Body cameras for Osh police",
                "standfirst": "The ministry says cameras will record every interview.",
                "paragraphs": 1,
                "citations": 0,
            },
        ),
        ("save", {"standfirst": "The ministry says cameras will record every interview.", "citations": 1}),
        ("submit", None),
        (
            "return",
            "Good start. The ministry's side is all we have: ask Adilet or another lawyer who will see the "
            "recordings, and give the headline its country.",
        ),
        ("save", {}),
        ("submit", None),
    ],
}
