"""The translators' workflow: what each English field was translated from (and so whether
it is missing or outdated), the translator's desk, English-only rights in the admin, PO
export and import, and the language the back office speaks.

May import: content.
"""
