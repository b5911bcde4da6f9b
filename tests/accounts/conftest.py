import pytest
from django.contrib.auth.models import Group

from people.roles import make_correspondent, make_editor
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def correspondent_a(db):
    user = UserFactory(username="aigerim")
    make_correspondent(user)
    return user


@pytest.fixture
def correspondent_b(db):
    user = UserFactory(username="bakyt")
    make_correspondent(user)
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(username="dilnoza")
    make_editor(user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_superuser=True)


@pytest.fixture
def editors_group(db):
    return Group.objects.get(name="Editors")


def post_login(client, username, password=PASSWORD, *, ip="10.0.0.7", next_url="/admin/"):
    return client.post(
        f"/admin/login/?next={next_url}",
        {"username": username, "password": password, "next": next_url},
        REMOTE_ADDR=ip,
    )
