/* The admin's scripts in the admin's language.

   The rich-text editor (django-prose-editor) translates its dialogs (the link dialog:
   URL, title, open in new window) with Django's JavaScript catalogue, which the admin
   loads; their Dutch is in this site's djangojs catalogue, extracted from the lists
   below. The toolbar's tooltips are fixed English words in the editor; this script gives
   each button its translated title and aria-label as the editor draws it, and the
   block-style menu's choices (Heading 3, Paragraph) their translated text.
   Django's own two-box picker (a place's country codes) lacks some Dutch in Django's
   catalogue; those texts are listed here so this site's catalogue supplies them.
   No network, no inline script (CSP). */
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace("%s", values[0]);
  };
  var gettext_noop = window.gettext_noop || function (text) { return text; };

  // The editor's own words for the parts of it this site uses.
  var TOOLBAR = [
    gettext_noop("bold"), gettext_noop("italic"), gettext_noop("undo"), gettext_noop("redo"), gettext_noop("paragraph"),
    gettext_noop("unordered list"), gettext_noop("ordered list"), gettext_noop("blockquote"),
    gettext_noop("insert link"), gettext_noop("remove link"), gettext_noop("List properties"),
    gettext_noop("Toggle fullscreen")
  ];
  var DIALOGS = [  // translated by the editor itself, through the catalogue
    gettext_noop("URL"), gettext_noop("Title"), gettext_noop("Open in new window"), gettext_noop("Edit Link"),
    gettext_noop("Update"), gettext_noop("Cancel"), gettext_noop("List type"), gettext_noop("Start at"), gettext_noop("Bullets"),
    gettext_noop("Decimal numbers"), gettext_noop("Lowercase letters"), gettext_noop("Uppercase letters"),
    gettext_noop("Lowercase Roman numerals"), gettext_noop("Uppercase Roman numerals")
  ];
  var PICKER = [  // translated by Django's SelectFilter2.js, through the catalogue
    gettext_noop('Choose %s by selecting them and then select the "Choose" arrow button.'),
    gettext_noop('Remove %s by selecting them and then select the "Remove" arrow button.'),
    gettext_noop("Choose all %s"), gettext_noop("Remove all %s"),
    gettext_noop("Choose selected %s"), gettext_noop("Remove selected %s"),
    gettext_noop("Chosen %s"), gettext_noop("(click to clear)")
  ];
  var OPTIONS = [  // the block-style menu's choices, written as they look
    gettext_noop("Heading %s"), gettext_noop("Paragraph")
  ];
  var HEADING = /^heading (\d)$/;
  var OPTION_HEADING = /^Heading (\d)$/;

  function translated(text) {
    var heading = HEADING.exec(text);
    if (heading) return interpolate(gettext("heading %s"), [heading[1]]);
    return TOOLBAR.indexOf(text) >= 0 || DIALOGS.indexOf(text) >= 0 ? gettext(text) : text;
  }

  function optionText(text) {
    var heading = OPTION_HEADING.exec(text);
    if (heading) return interpolate(gettext("Heading %s"), [heading[1]]);
    return OPTIONS.indexOf(text) >= 0 ? gettext(text) : text;
  }

  function relabel(root) {
    var options = root.querySelectorAll(".prose-menubar__option:not([data-text-translated]) > *");
    Array.prototype.forEach.call(options, function (option) {
      option.parentNode.setAttribute("data-text-translated", "");
      option.textContent = optionText(option.textContent);
    });
    var buttons = root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]");
    Array.prototype.forEach.call(buttons, function (button) {
      ["title", "aria-label"].forEach(function (name) {
        var value = button.getAttribute(name);
        if (value && !button.hasAttribute("data-" + name + "-translated")) {
          button.setAttribute(name, translated(value));
          button.setAttribute("data-" + name + "-translated", "");
        }
      });
    });
  }

  function start() {
    relabel(document);
    new MutationObserver(function () { relabel(document); })
      .observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
