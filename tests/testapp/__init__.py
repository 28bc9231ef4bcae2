"""A throw-away content app, installed by the test settings only (with its own migration,
so PostgreSQL creates its tables after the ones they point at).

It declares one content model the way a real app would (a model with
``register_content``, a translation.py, an admin) and nothing else, so tests can show
that the rest of the site picks a new kind of content up with no other edit.
"""
