"""The translation memory as TMX 1.4: exported whole, imported from this site or another
tool, with inline codes kept."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_translated_project
from translations.memory import import_tmx, memory_tmx, suggestions
from translations.models import MemorySegment
from translations.tmx import TmxError, read_tmx

pytestmark = pytest.mark.django_db

NOTATION = "Wij werken met <1>lokale</1> partners.<2/>Sinds 2020."
ENGLISH = "We work with <1>local</1> partners.<2/>Since 2020."


def test_the_memory_goes_out_as_tmx_and_comes_back_with_its_codes():
    make_translated_project(
        body_nl="<p>Wij werken met <strong>lokale</strong> partners.<br>Sinds 2020.</p>",
        body_en="<p>We work with <strong>local</strong> partners.<br>Since 2020.</p>",
    ).delete()
    data = memory_tmx()
    assert b'<bpt i="1" x="1">&lt;g id="1"&gt;</bpt>' in data
    assert b'<ph x="2">&lt;x id="2"/&gt;</ph>' in data
    MemorySegment.objects.all().delete()
    learnt, left_out = import_tmx(data)
    assert learnt >= 1 and left_out == 0
    assert suggestions([NOTATION]) == {NOTATION: ENGLISH}


def test_a_tmx_of_another_tool_teaches_the_memory_and_leaves_out_what_it_cannot_use():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="Other" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="nl-NL" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="nl-NL"><seg>Nationale Postcode Loterij</seg></tuv>
    <tuv xml:lang="en-GB"><seg>Dutch Postcode Lottery</seg></tuv></tu>
<tu><tuv xml:lang="nl-NL"><seg>Alleen Nederlands</seg></tuv></tu>
<tu><tuv xml:lang="nl"><seg>Met <bpt i="7">&lt;b&gt;</bpt>nadruk<ept i="7">&lt;/b&gt;</ept>.</seg>
    </tuv><tuv xml:lang="en">
    <seg>With <bpt i="7">&lt;b&gt;</bpt>emphasis<ept i="7">&lt;/b&gt;</ept>.
    </seg></tuv></tu>
</body></tmx>"""
    assert import_tmx(data) == (2, 1)
    assert suggestions(["Nationale Postcode Loterij", "Met <1>nadruk</1>."]) == {
        "Nationale Postcode Loterij": "Dutch Postcode Lottery",
        "Met <1>nadruk</1>.": "With <1>emphasis</1>.",
    }


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<xliff version='1.2'/>",
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<tmx version='1.4'><header srclang='nl'/><body><tu><tuv xml:lang='nl'><seg>&b;</seg>"
        b"</tuv><tuv xml:lang='en'><seg>x</seg></tuv></tu></body></tmx>",
    ],
)
def test_a_file_that_is_not_a_plain_tmx_is_refused(data):
    with pytest.raises(TmxError):
        read_tmx(data)


def test_the_commands_export_and_import_the_memory(tmp_path, capsys):
    make_translated_project(summary_nl="Samen sterker.", summary_en="Stronger together.")
    path = tmp_path / "memory.tmx"
    call_command("export_translation_memory", "-o", str(path))
    MemorySegment.objects.all().delete()
    call_command("import_translation_memory", str(path))
    assert "pairs learnt" in capsys.readouterr().out
    assert suggestions(["Samen sterker."]) == {"Samen sterker.": "Stronger together."}
    path.write_bytes(b"broken")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_translation_memory", str(path))


def test_the_desk_offers_the_memory_as_tmx_and_takes_one_in(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import make_translator

    client.force_login(make_translator())
    make_translated_project(summary_nl="Samen sterker.", summary_en="Stronger together.")
    response = client.get("/admin/translations/memory.tmx")
    assert response["Content-Disposition"] == 'attachment; filename="vwn-memory.tmx"'
    data = response.content
    MemorySegment.objects.all().delete()
    response = client.post(
        "/admin/translations/memory/import/",
        {"file": SimpleUploadedFile("memory.tmx", data)},
        follow=True,
    )
    assert suggestions(["Samen sterker."]) == {"Samen sterker.": "Stronger together."}
    response = client.post(
        "/admin/translations/memory/import/",
        {"file": SimpleUploadedFile("memory.tmx", b"<xliff/>")},
        follow=True,
    )
    assert response.status_code == 200
    assert any("Nothing was imported" in str(m) for m in response.context["messages"])
