"""content.form_rendering: plain inputs and labels, written in Python, are byte for byte
what Django's own templates make of them."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from content.form_rendering import INPUT_TEMPLATES, LABEL_TEMPLATE, FormRenderer

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
    assert fast.fast_templates == {*INPUT_TEMPLATES, LABEL_TEMPLATE}


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


def test_other_widgets_still_render_from_their_templates(renderers):
    fast, django = renderers
    for widget in (forms.Select(choices=[("a", "A <b>")]), forms.Textarea(), forms.CheckboxInput()):
        assert widget.render("x", "a", renderer=fast) == widget.render("x", "a", renderer=django)
