"""The record kept about each article: events, revisions and notifications, read-only."""

from django.contrib import admin

from articles.models import Article, Notification, Revision, WorkflowEvent


class ArticleRecordAdmin(admin.ModelAdmin):
    """The record kept about articles (events, revisions, notifications): read-only, and only
    for articles the user may see."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(article__in=Article.objects.visible_to(request.user).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ArticleRecordAdmin):
    list_display = ["article", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]
    search_fields = ["article__headline", "comment"]


@admin.register(Revision)
class RevisionAdmin(ArticleRecordAdmin):
    list_display = ["article", "version", "created_by", "created_at", "comment"]
    search_fields = ["article__headline"]
    exclude = ["data"]


@admin.register(Notification)
class NotificationAdmin(ArticleRecordAdmin):
    list_display = ["subject", "email", "article", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "email", "article__headline"]
    list_select_related = ["article"]
