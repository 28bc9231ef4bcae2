"""The editors' daily work made safe: preview, share-for-review links, approval (four
eyes), automatic redirects after a slug change, and protection against lost updates.

Owns: the preview of any public page from a saved draft or from an unsaved form
(``preview``), who may see unpublished content (``access``), share links and the
editorial events in an object's history (``models``, ``sharing``), review requests and
the publishers' queue (``review``), redirects from old slugs (``redirects``, on
``django.contrib.redirects``), refusing saves from stale forms (``concurrency``), and the
one base class of the content admins that puts all of it, with the translators' rights and
the history, in one visible order (``admin.ContentAdmin``).

May import: content, website, translations. The content apps (projects, partners) import
it: they say which view renders which model's page (``preview.register``).
"""
