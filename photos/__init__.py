"""The photo library: a photo is an item of its own, uploaded once and used by projects,
workshops, calls to action and places, with its credit, licence and the consent of the
people it shows.

Owns ``Photo`` (the file, title, default alt text, focal point, credit, licence,
consent) and ``PhotoUse``, the fields an item that shows a photo mixes in (the chosen
photo, an alt text that overrides the photo's, a caption). Whether a photo may be shown
now is one rule (``PhotoQuerySet.usable`` and ``Photo.is_usable``): the apps that use
photos declare when a photo's files are public (``projects.public``), since only they
know which items are published. May import ``editorial``, ``translations``, ``website``
and ``content``.
"""
