"""Page description, share image and schema.org data for the partner pages."""

from django.utils.translation import gettext

from vwn_projects.seo import absolute_url, excerpt, share_image_for

from .models import PartnerOrganisation

# schema.org types by kind of organisation.
SCHEMA_TYPES = {
    PartnerOrganisation.Kind.LOCAL_NGO: "NGO",
    PartnerOrganisation.Kind.INTERNATIONAL_NGO: "NGO",
    PartnerOrganisation.Kind.GOVERNMENT: "GovernmentOrganization",
    PartnerOrganisation.Kind.KNOWLEDGE_INSTITUTE: "ResearchOrganization",
}


def partner_description(partner):
    return excerpt(partner.description) or gettext(
        "%(name)s, a partner organisation of VluchtelingenWerk Nederland."
    ) % {"name": partner}


def partner_share_image(request, partner):
    return share_image_for(request, partner.logo, partner.logo_alt)


def partner_data(request, partner, page_meta):
    data = {
        "@type": SCHEMA_TYPES.get(partner.kind, "Organization"),
        "@id": absolute_url(request, partner.get_absolute_url()) + "#organisation",
        "name": partner.name,
        "url": page_meta.canonical_url,
        "description": page_meta.description,
    }
    if partner.acronym:
        data["alternateName"] = partner.acronym
    if partner.website:
        data["sameAs"] = partner.website
    if partner.home_country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": partner.home_country.code}
    logo = share_image_for(request, partner.logo, "") if partner.logo else None
    if logo is not None:
        data["logo"] = logo.url
    return data
