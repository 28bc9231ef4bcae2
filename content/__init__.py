"""Building blocks of the content: what the content apps' models are made of.

Owns: the content declarations (``registry``) and the roles derived from them (``roles``),
sanitised rich text (``richtext``), upload validation (``validators``) and file names
(``storage``), the shared photo fields (``models.Photo``), image renditions
(``renditions``), version history with revert and recovery (``history``), and admin helpers
(``admin``).

May import: Django and third-party packages only, never another app of this site.
"""
