"""The editorial desk, in the admin.

``article`` holds the article admin (permissions, form, saving), ``desk`` its extra pages
(workflow steps, preview, history and diffs, the desk queues), ``records`` the read-only
record of events, revisions and notifications, ``taxonomy`` regions, countries and
programmes, ``media`` the image library with its row rules.

Row-level rules live in ``get_queryset`` (``Article.objects.visible_to``) and in the
``has_*_permission(request, obj)`` hooks, so the changelist, change view, history,
delete view and autocomplete all obey them. Status changes only through
``articles.workflow``; the buttons here call it and report its refusals.
"""

from articles.admin import article, desk, media, records, taxonomy  # noqa: F401 (registers the admins)
