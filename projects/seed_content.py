"""The content of VluchtelingenWerk's page "Onze projecten buiten Nederland".

Dutch exactly as published (../shared/seed/), English written for this site. Loaded by
``manage.py load_seed_content``. Keys: the Dutch slug identifies a record,
so loading twice finds the existing rows instead of adding new ones.
"""

OVERVIEW = {
    "title_nl": "Onze projecten buiten Nederland",
    "title_en": "Our projects outside the Netherlands",
    "intro_nl": (
        "<p>VluchtelingenWerk Nederland is een van de grootste vluchtelingenorganisaties in "
        "Europa. Onze kennis en jarenlange ervaring delen we met zusterorganisaties in andere "
        "landen, op basis van internationale solidariteit. Zo kunnen zij asielzoekers en "
        "vluchtelingen ter plekke de best mogelijke hulp en ondersteuning bieden.</p>"
    ),
    "intro_en": (
        "<p>VluchtelingenWerk Nederland (the Dutch Council for Refugees) is one of the largest "
        "refugee organisations in Europe. We share our knowledge and many years of experience "
        "with sister organisations in other countries, in a spirit of international solidarity. "
        "This helps them give asylum seekers and refugees the best possible help and support "
        "where they are.</p>"
    ),
    "meta_description_nl": (
        "VluchtelingenWerk Nederland steunt lokale vluchtelingenorganisaties in Turkije, de "
        "westelijke Balkan en Kenia met kennis, trainingen en samenwerking."
    ),
    "meta_description_en": (
        "The Dutch Council for Refugees supports local refugee organisations in Turkey, the "
        "Western Balkans and Kenya with knowledge, training and cooperation."
    ),
    "projects_heading_nl": "Onze projecten",
    "projects_heading_en": "Our projects",
    "projects_intro_nl": (
        "<p>VluchtelingenWerk richt zich voornamelijk op landen aan de buitengrenzen van de "
        "Europese Unie. Veel asielzoekers en vluchtelingen stranden daar, of ondernemen van "
        "daaruit een vaak levensgevaarlijke reis naar een EU-land. Aan de buitengrenzen van de "
        "EU is vaak geen humane opvang. Asielzoekers worden soms maandenlang in detentiecentra "
        "opgesloten. Door slecht functionerende asielsystemen krijgen ze geen eerlijke "
        "asielprocedure.</p>"
        "<p>Om de situatie van asielzoekers aan de randen van Europa te verbeteren, ondersteunen "
        "wij een aantal lokale vluchtelingenorganisaties. Momenteel lopen projecten in Turkije, "
        "de westelijke Balkan en in het Afrikaanse Kenia. Onze projecten worden ondersteund met "
        "subsidies van onder andere het ministerie van Buitenlandse Zaken.</p>"
    ),
    "projects_intro_en": (
        "<p>VluchtelingenWerk focuses mainly on countries at the external borders of the "
        "European Union. Many asylum seekers and refugees get stranded there, or set out from "
        "there on an often life-threatening journey to an EU country. At the EU's external "
        "borders there is often no humane reception. Asylum seekers are sometimes locked up in "
        "detention centres for months. Poorly functioning asylum systems deny them a fair "
        "asylum procedure.</p>"
        "<p>To improve the situation of asylum seekers on the edges of Europe, we support a "
        "number of local refugee organisations. We currently run projects in Turkey, the "
        "Western Balkans and in Kenya, in Africa. Our projects are supported with grants from, "
        "among others, the Dutch Ministry of Foreign Affairs.</p>"
    ),
    "more_info_heading_nl": "Meer informatie",
    "more_info_heading_en": "More information",
    "more_info_nl": (
        "<p>Meer over het werk van VluchtelingenWerk Nederland leest u op "
        '<a href="https://www.vluchtelingenwerk.nl/">vluchtelingenwerk.nl</a>.</p>'
    ),
    "more_info_en": (
        "<p>Read more about the work of the Dutch Council for Refugees on "
        '<a href="https://www.vluchtelingenwerk.nl/">vluchtelingenwerk.nl</a> (in Dutch).</p>'
    ),
}

FUNDERS = [
    {
        "slug": "eu",
        "name_nl": "de EU",
        "name_en": "the EU",
        "kind": "eu",
        "website": "https://european-union.europa.eu/",
    },
    {
        "slug": "ministerie-van-buitenlandse-zaken",
        "name_nl": "het Nederlandse ministerie van Buitenlandse Zaken",
        "name_en": "the Dutch Ministry of Foreign Affairs",
        "kind": "national_government",
        "website": "https://www.rijksoverheid.nl/ministeries/ministerie-van-buitenlandse-zaken",
        # The ministry's identifier in IATI open data (OECD DAC donor code 7).
        "iati_identifier": "XM-DAC-7",
    },
    {
        "slug": "matra-fonds-ambassade-servie",
        "name_nl": "het Matra-fonds van de Nederlandse ambassade in Servië",
        "name_en": "the Matra fund of the Dutch embassy in Serbia",
        "kind": "embassy_fund",
        "website": "https://www.netherlandsandyou.nl/",
        "parent": "ministerie-van-buitenlandse-zaken",
    },
]

PARTNERS = [
    {
        "slug_nl": "helsinki-citizens-assembly",
        "name_nl": "Helsinki Citizens Assembly",
        "name_en": "Helsinki Citizens Assembly",
        "acronym": "",
        "kind": "local_ngo",
        "home_country": "TR",
        "website": "https://www.hyd.org.tr/",
        "description_nl": (
            "<p>Turkse organisatie die zich inzet voor een systeem dat gratis rechtshulp aan "
            "asielzoekers garandeert.</p>"
        ),
        "description_en": (
            "<p>Turkish organisation working for a system that guarantees free legal aid to "
            "asylum seekers.</p>"
        ),
    },
    {
        "slug_nl": "ecre",
        "name_nl": "European Council on Refugees and Exiles",
        "name_en": "European Council on Refugees and Exiles",
        "acronym": "ECRE",
        "kind": "international_ngo",
        "home_country": "BE",
        "website": "https://ecre.org/",
        "description_nl": (
            "<p>Europees netwerk van organisaties die opkomen voor vluchtelingen. Gaf samen met "
            "VluchtelingenWerk workshops in Turkije.</p>"
        ),
        "description_en": (
            "<p>European network of organisations that stand up for refugees. Gave workshops in "
            "Turkey together with VluchtelingenWerk.</p>"
        ),
    },
    {
        "slug_nl": "cedem",
        "name_nl": "Centre for Democracy and Human Rights",
        "name_en": "Centre for Democracy and Human Rights",
        "acronym": "CEDEM",
        "kind": "local_ngo",
        "home_country": "ME",
        "website": "https://www.cedem.me/",
        "description_nl": "<p>Lokale partnerorganisatie van VluchtelingenWerk in Montenegro.</p>",
        "description_en": "<p>VluchtelingenWerk's local partner organisation in Montenegro.</p>",
    },
    {
        "slug_nl": "cilc",
        "name_nl": "Center for International Legal Cooperation",
        "name_en": "Center for International Legal Cooperation",
        "acronym": "CILC",
        "kind": "knowledge_institute",
        "home_country": "NL",
        "website": "https://www.cilc.nl/",
        "description_nl": (
            "<p>Nederlandse organisatie voor internationale juridische samenwerking; partner in "
            "het project in Bosnië-Herzegovina.</p>"
        ),
        "description_en": (
            "<p>Dutch organisation for international legal cooperation; partner in the project "
            "in Bosnia and Herzegovina.</p>"
        ),
    },
    {
        "slug_nl": "ind",
        "name_nl": "Immigratie- en Naturalisatiedienst",
        "name_en": "Immigration and Naturalisation Service",
        "slug_en": "ind-immigration-service",
        "acronym": "IND",
        "kind": "government",
        "home_country": "NL",
        "website": "https://ind.nl/",
        "description_nl": "<p>Nederlandse overheidsinstantie; traint de Bosnische overheid.</p>",
        "description_en": "<p>Dutch government agency; trains the Bosnian authorities.</p>",
    },
    {
        "slug_nl": "coa",
        "name_nl": "Centraal Orgaan opvang Asielzoekers",
        "name_en": "Central Agency for the Reception of Asylum Seekers",
        "slug_en": "coa-reception-agency",
        "acronym": "COA",
        "kind": "government",
        "home_country": "NL",
        "website": "https://www.coa.nl/",
        "description_nl": "<p>Nederlandse overheidsinstantie; traint de Bosnische overheid.</p>",
        "description_en": "<p>Dutch government agency; trains the Bosnian authorities.</p>",
    },
    {
        "slug_nl": "belgrade-center-for-human-rights",
        "name_nl": "Belgrade Center for Human Rights",
        "name_en": "Belgrade Center for Human Rights",
        "acronym": "",
        "kind": "local_ngo",
        "home_country": "RS",
        "website": "https://www.bgcentar.org.rs/",
        "description_nl": "<p>Partnerorganisatie van VluchtelingenWerk in Servië.</p>",
        "description_en": "<p>VluchtelingenWerk's partner organisation in Serbia.</p>",
    },
]

COUNTRIES = [
    {
        "codes": ["TR"],
        "sort_order": 10,
        "name_nl": "Turkije",
        "name_en": "Turkey",
        "slug_nl": "turkije",
        "slug_en": "turkey",
        "region_nl": "",
        "region_en": "",
        "situation_nl": (
            "<p>Turkije grenst aan landen waar veel mensen vandaan vluchten, onder meer Syrië, "
            "Irak en Iran. Het land vangt veel vluchtelingen op en is bovendien een "
            "doorgangsland naar de EU. De opvang van asielzoekers en de asielprocedure staan in "
            "Turkije nog in de kinderschoenen.</p>"
        ),
        "situation_en": (
            "<p>Turkey borders countries that many people flee from, including Syria, Iraq and "
            "Iran. The country hosts many refugees and is also a transit country to the EU. The "
            "reception of asylum seekers and the asylum procedure in Turkey are still in their "
            "infancy.</p>"
        ),
    },
    {
        "codes": ["ME"],
        "sort_order": 20,
        "name_nl": "Montenegro",
        "name_en": "Montenegro",
        "slug_nl": "montenegro",
        "slug_en": "montenegro",
        "region_nl": "westelijke Balkan",
        "region_en": "Western Balkans",
        "situation_nl": (
            "<p>Veel vluchtelingen reizen vanuit conflictgebieden in het Midden-Oosten en "
            "Oost-Afrika door de Balkan naar West-Europa. Maar in plaats van door te reizen "
            "vragen steeds meer mensen in Balkanlanden asiel aan. Montenegro is kandidaat-lid "
            "van de EU en het asielsysteem zal dan ook steeds meer in lijn worden gebracht met "
            "het EU asielsysteem.</p>"
        ),
        "situation_en": (
            "<p>Many refugees travel from conflict areas in the Middle East and East Africa "
            "through the Balkans to Western Europe. But instead of travelling on, more and more "
            "people apply for asylum in the Balkan countries. Montenegro is a candidate member "
            "of the EU, so its asylum system will increasingly be brought into line with the EU "
            "asylum system.</p>"
        ),
    },
    {
        "codes": ["BA"],
        "sort_order": 30,
        "name_nl": "Bosnië-Herzegovina",
        "name_en": "Bosnia and Herzegovina",
        "slug_nl": "bosnie-herzegovina",
        "slug_en": "bosnia-and-herzegovina",
        "region_nl": "westelijke Balkan",
        "region_en": "Western Balkans",
        "situation_nl": (
            "<p>Veel vluchtelingen reizen vanuit conflictgebieden in andere delen van de wereld "
            "door de Balkan naar West-Europa. Ook vragen steeds meer mensen in een van de "
            "Balkanlanden asiel aan. Bosnië-Herzegovina is kandidaat-lid van de EU en het "
            "asielsysteem zal dan ook steeds meer in lijn worden gebracht met het "
            "EU-asielsysteem.</p>"
        ),
        "situation_en": (
            "<p>Many refugees travel from conflict areas in other parts of the world through "
            "the Balkans to Western Europe. More and more people also apply for asylum in one "
            "of the Balkan countries. Bosnia and Herzegovina is a candidate member of the EU, so "
            "its asylum system will increasingly be brought into line with the EU asylum "
            "system.</p>"
        ),
    },
    {
        "codes": ["RS"],
        "sort_order": 40,
        "name_nl": "Servië",
        "name_en": "Serbia",
        "slug_nl": "servie",
        "slug_en": "serbia",
        "region_nl": "westelijke Balkan",
        "region_en": "Western Balkans",
        "situation_nl": (
            "<p>Na vier oorlogen leven in Servië veel vluchtelingen en ontheemden: mensen die "
            "binnen de grenzen van hun eigen land op de vlucht zijn geslagen. Tegenwoordig "
            "kiezen ook steeds meer vluchtelingen uit Afrika, het Midden-Oosten en Azië de "
            "route door Zuidoost-Europa en de Balkan. Zo komt er een toenemend aantal Syrische "
            "vluchtelingen de grens over in Servië. In plaats van door te reizen vragen ook "
            "steeds meer mensen in Balkanlanden asiel aan. Servië is kandidaat-lid van de EU en "
            "het asielsysteem zal dan ook steeds meer in lijn worden gebracht met het "
            "EU-asielsysteem.</p>"
        ),
        "situation_en": (
            "<p>After four wars, many refugees and internally displaced people live in Serbia: "
            "people who fled within the borders of their own country. Today more and more "
            "refugees from Africa, the Middle East and Asia also take the route through "
            "South-Eastern Europe and the Balkans. A growing number of Syrian refugees cross "
            "the border into Serbia. Instead of travelling on, more and more people also apply "
            "for asylum in the Balkan countries. Serbia is a candidate member of the EU, so its "
            "asylum system will increasingly be brought into line with the EU asylum "
            "system.</p>"
        ),
    },
    {
        "codes": ["KE"],
        "sort_order": 50,
        "name_nl": "Kenia",
        "name_en": "Kenya",
        "slug_nl": "kenia",
        "slug_en": "kenya",
        "region_nl": "Oost-Afrika",
        "region_en": "East Africa",
        "situation_nl": (
            "<p>Van de Keniaanse overheid moeten vluchtelingen in vluchtelingenkampen "
            "verblijven. Deze kampen liggen in afgelegen en arme gebieden. Het leven is er zwaar "
            "en bewoners zijn afhankelijk van internationale hulporganisaties. VluchtelingenWerk "
            "werkt samen met twee Keniaanse organisaties in vluchtelingenkamp Kakuma, bij de "
            "Soedanese grens. Zij bieden vluchtelingen juridische hulp en helpen hen bij het "
            "opbouwen van een beter bestaan.</p>"
        ),
        "situation_en": (
            "<p>The Kenyan government requires refugees to live in refugee camps. These camps "
            "lie in remote and poor areas. Life there is hard and residents depend on "
            "international aid organisations. VluchtelingenWerk works with two Kenyan "
            "organisations in Kakuma refugee camp, near the Sudanese border. They give refugees "
            "legal aid and help them build a better life.</p>"
        ),
    },
]

PROJECTS = [
    {
        "slug_nl": "rechtshulp-asielzoekers-turkije",
        "slug_en": "legal-aid-asylum-seekers-turkey",
        "title_nl": "Gratis rechtshulp voor asielzoekers in Turkije",
        "title_en": "Free legal aid for asylum seekers in Turkey",
        "sort_order": 10,
        "countries": ["TR"],
        "summary_nl": (
            "Samen met Helsinki Citizens Assembly en ECRE werkt VluchtelingenWerk aan een "
            "systeem van gratis rechtshulp voor asielzoekers in Turkije."
        ),
        "summary_en": (
            "With Helsinki Citizens Assembly and ECRE, VluchtelingenWerk works towards a system "
            "of free legal aid for asylum seekers in Turkey."
        ),
        "body_nl": (
            "<p>Er zijn belangrijke stappen gezet op weg naar een rechtvaardig asielbeleid, maar "
            "er is nog veel werk te doen. Zo moet er nodig een systeem worden opgezet dat "
            "gratis rechtshulp aan asielzoekers garandeert. Wij ondersteunen de organisatie "
            "Helsinki Citizens Assembly, die  zich hiervoor inzet. Op dit moment werken wij "
            "samen in een project gefinancierd door de EU. In dit project geeft "
            "VluchtelingenWerk samen met ECRE drie workshops:</p>"
        ),
        "body_en": (
            "<p>Important steps have been taken towards a fair asylum policy, but there is "
            "still a lot of work to do. A system that guarantees free legal aid to asylum "
            "seekers urgently needs to be set up. We support the organisation Helsinki Citizens "
            "Assembly, which works for this. We are currently working together in a project "
            "funded by the EU. In this project VluchtelingenWerk gives three workshops together "
            "with ECRE:</p>"
        ),
        "duration_months": None,
        "partners": [("helsinki-citizens-assembly", "local_partner"), ("ecre", "co_organiser")],
        "funders": [("eu", "by")],
        "workshops": [
            {
                "title_nl": "Asylum Procedures",
                "title_en": "Asylum Procedures",
                "location_nl": "Istanbul",
                "location_en": "Istanbul",
                "facilitators": ["ecre"],
                "example_photo": "voorbeeldfoto-workshop-istanbul.jpg",
                "example_report": "voorbeeldverslag-workshop-asylum-procedures.pdf",
                "report_label_nl": "download een verslag hier (pdf)",
                "report_label_en": "download a report here (pdf)",
                "photo_alt_nl": (
                    "Voorbeeldfoto: twee medewerkers van VluchtelingenWerk geven een workshop"
                ),
                "photo_alt_en": "Example photo: two VluchtelingenWerk staff giving a workshop",
                "photo_caption_nl": (
                    "Op de foto: de twee medewerkers van VluchtelingenWerk die een workshop "
                    "gaven in Istanbul."
                ),
                "photo_caption_en": (
                    "In the photo: the two VluchtelingenWerk staff members who gave a workshop "
                    "in Istanbul."
                ),
            },
            {
                "title_nl": "Reception",
                "title_en": "Reception",
                "facilitators": ["ecre"],
            },
            {
                "title_nl": "Integration",
                "title_en": "Integration",
                "facilitators": ["ecre"],
            },
        ],
        "links": [
            {
                "label_nl": "Ga naar de website van onze lokale partnerorganisatie.",
                "label_en": "Go to the website of our local partner organisation.",
                "url_nl": "https://www.hyd.org.tr/",
            }
        ],
    },
    {
        "slug_nl": "bescherming-vluchtelingen-montenegro",
        "slug_en": "refugee-protection-montenegro",
        "title_nl": "Betere bescherming van vluchtelingen in Montenegro",
        "title_en": "Better protection for refugees in Montenegro",
        "sort_order": 20,
        "countries": ["ME"],
        "summary_nl": (
            "Met CEDEM versterkt VluchtelingenWerk het Montenegrijnse asielsysteem, met "
            "trainingen in juridische begeleiding."
        ),
        "summary_en": (
            "With CEDEM, VluchtelingenWerk strengthens the Montenegrin asylum system through "
            "training in legal assistance."
        ),
        "body_nl": (
            "<p>VluchtelingenWerk Nederland werkt samen met lokale partnerorganisatie Centre "
            "for Democracy and Human Rights (CEDEM) in een project om de bescherming van "
            "vluchtelingen te verbeteren. Het project draagt bij aan het versterken van het "
            "asielsysteem en zorgt ervoor dat het voldoet aan de internationale en "
            "EU-standaarden. VluchtelingenWerk geeft in dit project trainingen aan de "
            "partnerorganisatie, andere Montenegrijnse vluchtelingeorganisaties en de overheid. "
            "De focus in de trainingen ligt op juridische begeleiding.</p>"
        ),
        "body_en": (
            "<p>VluchtelingenWerk Nederland works with the local partner organisation Centre "
            "for Democracy and Human Rights (CEDEM) in a project to improve the protection of "
            "refugees. The project helps to strengthen the asylum system and to make sure it "
            "meets international and EU standards. In this project VluchtelingenWerk trains the "
            "partner organisation, other Montenegrin refugee organisations and the government. "
            "The training focuses on legal assistance.</p>"
        ),
        "duration_months": 12,
        "partners": [("cedem", "local_partner")],
        "funders": [("matra-fonds-ambassade-servie", "from")],
    },
    {
        "slug_nl": "samenwerking-vreemdelingenketen-bosnie",
        "slug_en": "asylum-chain-cooperation-bosnia",
        "title_nl": "Samen de Bosnische vreemdelingenketen versterken",
        "title_en": "Strengthening the Bosnian asylum chain together",
        "sort_order": 30,
        "countries": ["BA"],
        "summary_nl": (
            "Met CILC, de IND en het COA vergroot VluchtelingenWerk de capaciteit van overheid "
            "en NGO's in Bosnië-Herzegovina."
        ),
        "summary_en": (
            "With CILC, the IND and the COA, VluchtelingenWerk builds the capacity of the "
            "government and NGOs in Bosnia and Herzegovina."
        ),
        "body_nl": (
            "<p>VluchtelingenWerk Nederland werkt hier samen met het Center for International "
            "Legal Cooperation (CILC) én de Nederlandse overheidsinstanties de Immigratie- en "
            "Naturalisatiedienst (IND) en het Centraal Orgaan opvang Asielzoekers (COA). We "
            "zetten ons in om de capaciteiten van zowel gouvernementele als non-gouvernementele "
            "organisaties (NGO´s) te vergroten. Ook versterken we met dit project de onderlinge "
            "samenwerking te versterken. De IND en het COA trainen de Bosnische overheid. "
            "VluchtelingenWerk traint NGO´s in het het voorbereiden en coachen van asielzoekers "
            "in de asielprocedure en in het thema integratie. Op deze manier versterken we samen "
            "de gehele Bosnische 'vreemdelingenketen'.</p>"
        ),
        "body_en": (
            "<p>Here VluchtelingenWerk Nederland works with the Center for International Legal "
            "Cooperation (CILC) and the Dutch government agencies the Immigration and "
            "Naturalisation Service (IND) and the Central Agency for the Reception of Asylum "
            "Seekers (COA). We work to increase the capacity of both governmental and "
            "non-governmental organisations (NGOs). With this project we also strengthen their "
            "cooperation. The IND and the COA train the Bosnian authorities. VluchtelingenWerk "
            "trains NGOs in preparing and coaching asylum seekers for the asylum procedure and "
            "on integration. Together we strengthen the whole Bosnian 'asylum chain'.</p>"
        ),
        "duration_months": 24,
        "partners": [
            ("cilc", "knowledge_partner"),
            ("ind", "trainer"),
            ("coa", "trainer"),
        ],
        "funders": [("ministerie-van-buitenlandse-zaken", "by")],
        "links": [
            {
                "label_nl": (
                    "Klik hier voor een artikel over onze samenwerking op de site van CILC."
                ),
                "label_en": "Read an article about our cooperation on the CILC website.",
                "url_nl": "https://www.cilc.nl/",
            }
        ],
    },
    {
        "slug_nl": "versterking-asielsysteem-servie",
        "slug_en": "strengthening-asylum-system-serbia",
        "title_nl": "Versterking van het Servische asielsysteem",
        "title_en": "Strengthening the Serbian asylum system",
        "sort_order": 40,
        "countries": ["RS"],
        "summary_nl": (
            "Met het Belgrade Center for Human Rights versterkt VluchtelingenWerk het Servische "
            "asielsysteem, met trainingen in rechtshulp en integratie."
        ),
        "summary_en": (
            "With the Belgrade Center for Human Rights, VluchtelingenWerk strengthens the "
            "Serbian asylum system through training in legal support and integration."
        ),
        "body_nl": (
            "<p>VluchtelingenWerk Nederland werkt samen met partnerorganisatie Belgrade Center "
            "for Human Rights om het Servische asielsysteem te versterken. VluchtelingenWerk "
            "geeft trainingen op het gebied van juridische ondersteuning van vluchtelingen en "
            "van integratie. Er zal ook een werkbezoek van de Servische partnerorganisaties aan "
            "VluchtelingenWerk plaatsvinden.</p>"
        ),
        "body_en": (
            "<p>VluchtelingenWerk Nederland works with the partner organisation Belgrade Center "
            "for Human Rights to strengthen the Serbian asylum system. VluchtelingenWerk gives "
            "training in legal support for refugees and in integration. The Serbian partner "
            "organisations will also pay a working visit to VluchtelingenWerk.</p>"
        ),
        "duration_months": 12,
        "partners": [("belgrade-center-for-human-rights", "local_partner")],
        "funders": [("matra-fonds-ambassade-servie", "from")],
    },
    {
        "slug_nl": "bescherming-vluchtelingen-kenia",
        "slug_en": "protecting-refugees-kenya",
        "title_nl": "Bescherming van vluchtelingen in Kenia",
        "title_en": "Protecting refugees in Kenya",
        "sort_order": 50,
        "countries": ["KE"],
        "summary_nl": (
            "Met twee Keniaanse organisaties biedt VluchtelingenWerk vluchtelingen in Kakuma en "
            "Nairobi juridische hulp en bescherming."
        ),
        "summary_en": (
            "With two Kenyan organisations, VluchtelingenWerk offers refugees in Kakuma and "
            "Nairobi legal aid and protection."
        ),
        "body_nl": (
            "<p>Veel vluchtelingen in Kenia wonen illegaal in hoofdstad Nairobi. Samen met "
            "lokale organisaties proberen we hen bescherming te bieden tegen alle negatieve "
            "gevolgen van illegaliteit.</p>"
            "<p>Bekijk hieronder een filmpje over het werk van onze Keniase partnerorganisatie in "
            "vluchtelingenkamp Kakuma.</p>"
        ),
        "body_en": (
            "<p>Many refugees in Kenya live without papers in the capital, Nairobi. Together "
            "with local organisations we try to protect them against all the negative "
            "consequences of having no legal status.</p>"
            "<p>Watch a short film below about the work of our Kenyan partner organisation in "
            "Kakuma refugee camp.</p>"
        ),
        "duration_months": None,
        "partners": [],
        "funders": [],
        "videos": [
            {
                # The seed page embeds a video whose address is not in its text: this is an
                # example reference for editors to replace with the real one.
                "url": "https://www.youtube.com/watch?v=VWNKakuma01",
                "title_nl": (
                    "Het werk van onze Keniase partnerorganisatie in vluchtelingenkamp Kakuma"
                ),
                "title_en": "The work of our Kenyan partner organisation in Kakuma refugee camp",
                "caption_nl": "Voorbeeldvideo: vervang dit adres door dat van de echte video.",
                "caption_en": "Example video: replace this address with that of the real video.",
            }
        ],
    },
]
