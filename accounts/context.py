"""The request being served, for records made far from any view (a role change inside a signal)."""

import contextvars

_request = contextvars.ContextVar("newsroom_request", default=None)


def current_request():
    return _request.get()


def bind(request):
    return _request.set(request)


def unbind(token):
    _request.reset(token)
