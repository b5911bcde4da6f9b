"""The demo newsroom: written for this project, fictional people, real places and organisations.

Everything ``manage.py loaddemo`` creates is described here as plain data, and
the lead images and portraits are drawn with Pillow, so nothing is downloaded.
The people quoted are invented; the organisations and places are real and are
named only as the kind of body a correspondent would cite.
"""
