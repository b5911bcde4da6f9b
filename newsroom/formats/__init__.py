"""Date formats of the public site per interface language, named as Django names them.

Templates ask for a format by name (``{{ when|date:"DATE_FORMAT" }}``), never spell one out,
so each language prints dates as its newspapers do; what a module here leaves out comes from
Django's own formats for that language.
"""
