"""Page titles, descriptions, share images and schema.org data for the project, country
and partner pages."""

from django.utils.translation import gettext

from partners.models import PartnerOrganisation
from website.seo import (
    absolute_url,
    excerpt,
    library_share_image,
    organisation_id,
    share_image_for,
)
from website.template_helpers.site_tags import name_in_sentence_text

# schema.org types for funders (all are organisations; governments are marked as such).
FUNDER_TYPES = {
    "eu": "GovernmentOrganization",
    "national_government": "GovernmentOrganization",
    "embassy_fund": "GovernmentOrganization",
}


def project_description(project):
    return excerpt(project.summary) or excerpt(project.body)


def country_description(country):
    return excerpt(country.situation) or gettext(
        "The work of VluchtelingenWerk Nederland in %(country)s."
    ) % {"country": name_in_sentence_text(country)[0]}


def project_share_image(request, project, scope="social_media"):
    """The project's photo, or else the first photo of one of its workshops, that its
    consent lets the public see now in share previews (``scope="social_media"``) or on
    the website (``"website"``: the page's structured data)."""
    for item in (project, *project.public_workshops):
        photo = item.public_photo(scope=scope)
        if photo is not None:
            return library_share_image(request, photo, item.photo_description)
    return None


def country_data(country):
    """A country as a schema.org Country; a territory or region as a Place made of its
    countries."""
    codes = country.code_list
    if country.kind == country.Kind.COUNTRY and len(codes) == 1:
        return {"@type": "Country", "name": country.name, "identifier": codes[0]}
    if not codes:
        # A region worked in as a whole (Europe) is a place of its own, not its countries.
        return {"@type": "Place", "name": country.name}
    return {
        "@type": "Place",
        "name": country.name,
        "containsPlace": [
            {"@type": "Country", "name": part.name, "identifier": part.code}
            for part in country.codes
        ],
    }


def funder_data(funder):
    data = {"@type": FUNDER_TYPES.get(funder.kind, "Organization"), "name": funder.name}
    if funder.website:
        data["url"] = funder.website
    return data


def partner_reference(request, partner):
    data = {
        "@type": "Organization",
        "name": partner.name,
        "url": absolute_url(request, partner.get_absolute_url()),
    }
    if partner.website:
        data["sameAs"] = partner.website
    return data


def project_id(request, project):
    return absolute_url(request, project.get_absolute_url()) + "#project"


def project_data(request, project, image=None):
    """A schema.org Project (an organisational undertaking) run by VluchtelingenWerk."""
    data = {
        "@type": "Project",
        "@id": project_id(request, project),
        "name": project.title,
        "url": absolute_url(request, project.get_absolute_url()),
        "description": project_description(project),
        "parentOrganization": {"@id": organisation_id(request)},
        "location": [country_data(country) for country in project.public_countries],
    }
    funders = [funder_data(funding.funder) for funding in project.public_fundings]
    if funders:
        data["funder"] = funders
    members = [
        partner_reference(request, partnership.partner)
        for partnership in project.public_partnerships
    ]
    if members:
        data["member"] = members
    if project.start_date:
        data["foundingDate"] = project.start_date.isoformat()
    if project.end_date:
        data["dissolutionDate"] = project.end_date.isoformat()
    if image:
        data["image"] = image.structured_data()
    return data


# schema.org types by kind of organisation.
PARTNER_TYPES = {
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
        "@type": PARTNER_TYPES.get(partner.kind, "Organization"),
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
