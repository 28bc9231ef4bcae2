"""The public site's machinery, shared by the pages of the content apps.

Owns: the Jinja2 environment and template helpers (``templating``, ``template_helpers``),
page metadata and "does this page exist in English" (``seo``), the whole-page cache
(``page_cache``), per-language slugs and the language switcher (``i18n``), the world map's
outlines (``map_data.json``) and robots.txt.

May import: content.
"""
