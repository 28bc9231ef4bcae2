"""content.form_rendering: plain inputs and labels, written in Python, are byte for byte
what Django's own templates make of them."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from content.form_rendering import DJANGO_FORMS_TEMPLATES, INCLUDES, LABEL_TEMPLATE, FormRenderer

ATTRS = [
    {},
    {"class": "vTextField", "maxlength": 100, "required": True, "disabled": False},
    {"placeholder": 'Say "hi" & <b>bye</b>', "data-x": mark_safe("<i>safe</i>")},
    {"aria-label": gettext_lazy("Title"), "step": "0.01", "min": 0, "autofocus": True},
]
VALUES = [None, "", "Servië & <Macedonië>", 'quote"d', 42, mark_safe("<b>kept</b>")]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.HiddenInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
]


@pytest.fixture
def renderers():
    return FormRenderer(), DjangoTemplates()


def test_every_fast_template_is_django_own_here(renderers):
    fast, _django = renderers
    assert fast.fast_templates == set(INCLUDES)


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_inputs_are_what_the_templates_make(renderers, widget_class, attrs, value):
    fast, django = renderers
    widget = widget_class(attrs=attrs)
    if widget_class is forms.PasswordInput:
        widget.render_value = True
    assert widget.render("veld", value, renderer=fast) == widget.render(
        "veld", value, renderer=django
    )


@pytest.mark.parametrize("value", [datetime.date(2019, 2, 12), datetime.time(9, 30)])
def test_localised_dates_are_what_the_templates_make(renderers, value, settings):
    fast, django = renderers
    widget = (forms.DateInput if isinstance(value, datetime.date) else forms.TimeInput)()
    widget.is_localized = True
    assert widget.render("d", value, renderer=fast) == widget.render("d", value, renderer=django)


class Form(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"))
    amount = forms.DecimalField(label=mark_safe("Bedrag <abbr>€</abbr>"))
    secret = forms.CharField(label='Say "hi" & <bye>', widget=forms.HiddenInput)


@pytest.mark.parametrize("name", ["title", "amount", "secret"])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"attrs": {"class": "required", "hidden": True}}, {"tag": "legend"}, {"contents": "X"}],
)
def test_labels_are_what_the_templates_make(renderers, name, kwargs):
    fast, django = renderers
    with_fast = Form(renderer=fast)[name]
    with_django = Form(renderer=django)[name]
    assert with_fast.label_tag(**kwargs) == with_django.label_tag(**kwargs)
    assert with_fast.legend_tag() == with_django.legend_tag()
    assert str(with_fast) == str(with_django)


def test_a_label_without_its_tag_is_what_the_template_makes(renderers):
    fast, django = renderers
    context = {"label": "a < b", "attrs": {}, "use_tag": False, "tag": "label"}
    assert fast.render(LABEL_TEMPLATE, context) == django.render(LABEL_TEMPLATE, context)


CHOICES = [
    ("", "---------"),
    ("a", "A <b>"),
    (2019, 2019),
    ("Balkan & co", [("rs", "Servië"), ("mk", mark_safe("<i>Macedonië</i>"))]),
    (None, "Geen"),
]


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.Select(choices=CHOICES, attrs={"class": "x", "data-y": '"'}),
        forms.SelectMultiple(choices=CHOICES),
        forms.NullBooleanSelect(),
        forms.Select(choices=[]),
        forms.Textarea(),
        forms.Textarea(attrs={"rows": 3, "placeholder": "<tekst>"}),
        forms.CheckboxInput(),
        forms.CheckboxInput(attrs={"class": "vCheckbox", "disabled": True}),
    ],
    ids=lambda w: type(w).__name__,
)
@pytest.mark.parametrize("value", [None, "", "a", "mk", ["a", "rs"], 2019, True, "x\n<y> & z"])
def test_selects_text_areas_and_check_boxes_are_what_the_templates_make(renderers, widget, value):
    fast, django = renderers
    if isinstance(widget, forms.NullBooleanSelect) and isinstance(value, list):
        return  # Django's own widget cannot take a list
    assert widget.render("x", value, renderer=fast) == widget.render("x", value, renderer=django)


class CustomOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def test_an_option_of_another_template_renders_from_it(renderers):
    fast, django = renderers
    widget = CustomOption(choices=CHOICES)
    assert widget.render("x", "a", renderer=fast) == widget.render("x", "a", renderer=django)


@pytest.mark.parametrize(
    "errors",
    [[], ["Dit veld is verplicht."], ["Een <fout> & nog een", mark_safe("<b>veilig</b>")]],
)
@pytest.mark.parametrize("field_id", [None, "id_title"])
def test_error_lists_are_what_the_templates_make(renderers, errors, field_id):
    from django.forms.utils import ErrorList

    fast, django = renderers
    made = [ErrorList(errors, renderer=r, field_id=field_id) for r in (fast, django)]
    assert made[0].as_ul() == made[1].as_ul()
    assert str(made[0]) == str(made[1])
    assert (
        ErrorList(errors, error_class="nonfield", renderer=fast).as_ul()
        == ErrorList(errors, error_class="nonfield", renderer=django).as_ul()
    )


def test_an_overridden_included_template_turns_its_fast_path_off(tmp_path):
    from django.template.backends.django import DjangoTemplates as Backend

    (tmp_path / "django/forms/widgets").mkdir(parents=True)
    (tmp_path / "django/forms/widgets/attrs.html").write_text("{# none #}")
    fast = FormRenderer()
    # The renderer's engine, with a folder in front of the apps' templates (an app that
    # overrides attrs.html would do the same).
    dirs = [tmp_path, DJANGO_FORMS_TEMPLATES]
    fast.engine = Backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "t", "OPTIONS": {}})
    assert fast.fast_templates == {LABEL_TEMPLATE, *(n for n in INCLUDES if "errors" in n)}
