"""The IATI 2.03 open-data standard (https://iatistandard.org/), independent of this
site's content: codelists (also the choices of the content's IATI fields), an activity as
plain data (``activity``), the XML writer (``builder``), the rules the schema does not
check (``rules``) and validation against the official schema (``schema``).
``projects.open_data`` maps the published projects onto it.

May import: nothing of this site.
"""
