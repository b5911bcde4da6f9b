"""Clean text at the door: the one rule for which characters people may type into the desk.

Every text field of the project's own models refuses invisible control characters, and the
fields that name things (headlines, names, slugs) also refuse the characters that override
text direction. ``safetext`` sits below every other app (it imports none of them) so
``people``, ``images`` and ``articles`` can all share the rule.
"""
