"""The public site's search: one index of what visitors may find (projects, places,
partner organisations, funders), per language, and the search page.

It sits on top of the content apps (it may import ``projects``, ``partners`` and the
layers below them) and nothing imports it. The index (``models.Entry``) holds one row
per object and language, kept current by signals (``signal_handlers.py``); publication is
decided when searching, by the same rules as every public page, so a draft or a
project outside its publication window is never found.
"""
