"""Who may see, pick and change an image: decided by the articles that show it.

A correspondent sees (and picks as a lead image) the images they uploaded and those of
articles they may edit. They change one only while every article showing it is one they
may edit: a published story's picture, or a colleague's, is read-only to them. Editors see
and change every image; replacing or re-captioning one that a published story shows is
recorded in the audit trail (``record_public_change``).
"""

from django.db.models import Q

from articles.models import Article
from articles.workflow import is_editor
from audit.log import record
from audit.models import AuditAction
from images.models import Image

#: The fields readers see: changing one on a published story's image is a desk act, recorded.
PUBLIC_FIELDS = ("file", "alt_text", "caption", "credit")


def images_visible_to(user):
    """The images ``user`` may see in the library and pick for an article."""
    if not user.is_authenticated or not user.is_active:
        return Image.objects.none()
    if is_editor(user):
        return Image.objects.all()
    return Image.objects.filter(Q(uploaded_by=user) | Q(pk__in=Article.objects.editable_by(user).values("lead_image")))


def can_change_image(user, image):
    """Whether ``user`` may replace or re-caption ``image`` (the rule in this module's first lines)."""
    if is_editor(user):
        return True
    if not images_visible_to(user).filter(pk=image.pk).exists():
        return False
    editable = Article.objects.editable_by(user).values("pk")
    return not Article.objects.filter(lead_image=image).exclude(pk__in=editable).exists()


def pickable_for(user, article):
    """The lead images ``user`` may choose on ``article``: their visible images, plus the one it has."""
    images = images_visible_to(user)
    if article is not None and article.lead_image_id:
        images = Image.objects.filter(Q(pk__in=images.values("pk")) | Q(pk=article.lead_image_id))
    return images


def published_showing(image):
    """Published stories (live or scheduled) whose lead image is ``image``."""
    return (Article.objects.live() | Article.objects.scheduled()).filter(lead_image=image)


def record_public_change(request, image, changed):
    """Record a change of what readers see on an image a published story shows; a no-op otherwise."""
    fields = sorted(set(changed) & set(PUBLIC_FIELDS))
    articles = list(published_showing(image).values_list("pk", flat=True))
    if fields and articles:
        record(
            AuditAction.PUBLIC_IMAGE_CHANGED,
            request=request,
            target=image,
            detail={"fields": fields, "articles": articles},
        )
