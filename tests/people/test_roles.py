"""The two roles: their exact permissions, and how someone is given one."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from people.models import Correspondent
from people.roles import ROLES, codename
from tests.factories import CorrespondentFactory, CorrespondentUserFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_editors_have_the_desk_permissions_and_no_user_administration():
    perms = codenames("Editors")
    for needed in ["view_all_articles", "review_article", "publish_article", "change_article", "add_correction"]:
        assert ("articles", needed) in perms
    assert ("people", "view_confidential_source") in perms
    assert not {p for p in perms if p[0] == "auth"}


def test_correspondents_write_but_never_review_publish_or_see_confidential_sources():
    perms = codenames("Correspondents")
    assert {("articles", "add_article"), ("articles", "change_article"), ("articles", "add_citation")} <= perms
    assert ("people", "add_source") in perms and ("people", "view_organisation") in perms
    forbidden = {"view_all_articles", "review_article", "publish_article", "view_confidential_source", "add_correction"}
    assert not {codename for _, codename in perms} & forbidden
    assert not {p for p in perms if p[0] == "auth"}


def test_make_correspondent_command_adds_group_and_profile():
    user = UserFactory(username="madina", first_name="Madina", last_name="Q.", is_staff=False)
    call_command("make_correspondent", "madina", "--base", "Khujand")
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Correspondents").exists()
    profile = Correspondent.objects.get(user=user)
    assert (profile.name, profile.base_location) == ("Madina Q.", "Khujand")
    assert user.has_perm("articles.add_article") and not user.has_perm("articles.publish_article")
    call_command("make_correspondent", "madina")
    assert Correspondent.objects.filter(user=user).count() == 1


def test_make_editor_command_and_unknown_user():
    user = UserFactory(username="timur", is_staff=False)
    call_command("make_editor", "timur")
    user.refresh_from_db()
    assert user.is_staff and user.has_perm("articles.publish_article")
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        call_command("make_editor", "ghost")


def test_superuser_makes_users_editors_and_correspondents_from_the_user_list(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    alisher = UserFactory(username="alisher", is_staff=False)
    nigora = UserFactory(username="nigora", is_staff=False)
    changelist = reverse("admin:auth_user_changelist")
    client.post(changelist, {"action": "make_editors", "_selected_action": [alisher.pk]})
    client.post(changelist, {"action": "make_correspondents", "_selected_action": [nigora.pk]})
    assert alisher.groups.filter(name="Editors").exists()
    assert nigora.groups.filter(name="Correspondents").exists() and Correspondent.objects.filter(user=nigora).exists()


def test_editor_cannot_grant_rights(client):
    editor = EditorFactory(username="editor")
    client.force_login(editor)
    target = UserFactory(username="target", is_staff=False)
    response = client.post(
        reverse("admin:auth_user_changelist"), {"action": "make_editors", "_selected_action": [target.pk]}
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[editor.pk])).status_code == 403
    assert not target.groups.exists()
    editor.refresh_from_db()
    assert not editor.is_superuser and list(editor.groups.values_list("name", flat=True)) == ["Editors"]


def test_correspondent_finds_colleagues_by_byline_never_by_the_real_name_behind_a_pseudonym(client):
    CorrespondentFactory(name="Real Person Behind", byline_name="Ayan Steppe", is_pseudonym=True)
    CorrespondentFactory(name="Hidden Writer", name_withheld=True, withheld_label="A correspondent in Taraz")
    client.force_login(CorrespondentUserFactory(username="writer"))
    url = reverse("admin:autocomplete")
    params = {"app_label": "articles", "model_name": "byline", "field_name": "correspondent"}
    assert "Ayan Steppe" in client.get(url, params | {"term": "Ayan"}).text
    assert "Ayan Steppe" not in client.get(url, params | {"term": "Behind"}).text
    listing = client.get(reverse("admin:people_correspondent_changelist"))
    assert listing.status_code == 200
    assert "Ayan Steppe" in listing.text
    assert "Real Person Behind" not in listing.text and "Hidden Writer" not in listing.text


@pytest.mark.django_db
def test_groups_made_by_the_migrations_hold_exactly_the_roles_table():
    for name, by_app in ROLES.items():
        held = set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))
        wanted = {
            (app_label, codename(action, model))
            for app_label, by_model in by_app.items()
            for model, actions in by_model.items()
            for action in actions
        }
        assert held == wanted, name


@pytest.mark.parametrize("group_name", ["Correspondents", "Editors"])
def test_both_roles_keep_their_image_permissions_now_that_images_have_their_own_app(group_name):
    perms = codenames(group_name)
    assert {("images", "add_image"), ("images", "change_image"), ("images", "view_image")} <= perms
    assert ("images", "delete_image") not in perms
