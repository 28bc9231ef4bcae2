"""Running the site: security headers and malformed-request refusal, the admin-login
lock-out, serving uploaded media safely, the health check, system checks on settings,
backups and restore, and local accounts for development.

May import: editorial (why an admin page is refused), content, website.
"""
