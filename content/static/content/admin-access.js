/* The admin for everyone: what the scripts of the admin's widgets draw, made usable with
   a screen reader and the keyboard (WCAG 2 A and AA; tests/browser/test_admin_accessibility.py).

   - The language tabs (django-modeltranslation on jQuery UI) become a proper tab list:
     the list is named after its field ("Titel"), each tab after its language
     ("Nederlands"), and the link inside a tab stops being a second control nested in the
     tab (the tab itself takes the focus and the arrow keys, as jQuery UI makes it).
   - The switch that turns every field to one language gets a name.
   - The rich-text editor's writing area is named after its field's label.
   - The search box of a multiple choice with autocomplete (select2) is named after its
     field, and its list of choices is a list of items only.
   - The icons of Django's two-box picker carry their description as an image may.
   - A row added to an inline opens its folded fields.
   - A box that scrolls a wide table sideways, with nothing to focus inside, takes the
     focus itself, so the keyboard can scroll it.

   Loaded on every admin page (templates/admin/base_site.html), which gives this script
   its words in the admin's language (data-* attributes). No network, no inline script. */
(function () {
  "use strict";
  var script = document.currentScript;
  var words = script ? script.dataset : {};

  function labelText(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/[:\s]+$/, "").trim() : "";
  }

  function labelId(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    if (!label) return "";
    if (!label.id) label.id = id + "-label";
    return label.id;
  }

  // jQuery UI loads a tab's panel from its link's address unless the address points into
  // the page; the language tabs' panels are all in the page, and their links lose their
  // address (below) so that each tab is one control. Read such a link as local.
  function tabsWithoutAddresses() {
    var jq = window.jQuery || (window.django && window.django.jQuery);
    var tabsWidget = jq && jq.ui && jq.ui.tabs;
    if (!tabsWidget || tabsWidget.prototype._withoutAddresses) return;
    var isLocal = tabsWidget.prototype._isLocal;
    tabsWidget.prototype._isLocal = function (anchor) {
      return !anchor.hasAttribute("href") || isLocal.call(this, anchor);
    };
    tabsWidget.prototype._withoutAddresses = true;
  }

  function tabs(root) {
    var lists = root.querySelectorAll(".ui-tabs-nav:not([data-access])");
    Array.prototype.forEach.call(lists, function (list) {
      list.setAttribute("data-access", "");
      var field = "";
      Array.prototype.forEach.call(list.querySelectorAll("li[role=tab]"), function (tab) {
        var anchor = tab.querySelector("a");
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        var input = panel && panel.querySelector("input, textarea, select");
        field = field || (input && labelText(input.id));
        if (anchor) {
          if (anchor.title) {
            // Named by the code it shows and its language in full: "en (Engels)".
            tab.setAttribute("aria-label", anchor.textContent + " (" + anchor.title + ")");
            tab.removeAttribute("aria-labelledby");
          }
          // jQuery UI finds a tab's panel by aria-controls: the address is not needed.
          anchor.removeAttribute("href");
          anchor.removeAttribute("tabindex");
        }
      });
      if (field) list.setAttribute("aria-label", field);
    });
    var main = document.getElementById("modeltranslation-main-switch");
    if (main && !main.hasAttribute("aria-label")) {
      main.setAttribute("aria-label", words.languageSwitch || "Language of all fields");
    }
  }

  function editors(root) {
    var areas = root.querySelectorAll(".prose-editor [contenteditable]:not([aria-labelledby])");
    Array.prototype.forEach.call(areas, function (area) {
      var textarea = area.closest(".prose-editor").querySelector("textarea");
      var id = textarea && labelId(textarea.id);
      if (id) area.setAttribute("aria-labelledby", id);
    });
  }

  function autocompletes(root) {
    var boxes = root.querySelectorAll(".select2-search__field:not([aria-label])");
    Array.prototype.forEach.call(boxes, function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var name = select && labelText(select.id);
      if (name) box.setAttribute("aria-label", name);
    });
    // select2 puts its search box in a <span> inside the list of choices.
    var lists = root.querySelectorAll("ul.select2-selection__rendered:not([role])");
    Array.prototype.forEach.call(lists, function (list) {
      list.setAttribute("role", "presentation");
    });
    var items = root.querySelectorAll("ul.select2-selection__rendered > li:not([role])");
    Array.prototype.forEach.call(items, function (item) {
      item.setAttribute("role", "presentation");
    });
  }

  function pickers(root) {
    var icons = root.querySelectorAll(".help-tooltip[aria-label]:not([role])");
    Array.prototype.forEach.call(icons, function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  // A table wider than the screen scrolls sideways in its box (a history on a phone);
  // without a link or field inside, the keyboard could not scroll it: the box takes focus.
  function scrollables(root) {
    var boxes = root.querySelectorAll(".module:not([tabindex]), .results:not([tabindex])");
    Array.prototype.forEach.call(boxes, function (box) {
      var style = window.getComputedStyle(box);
      var scrolls = /auto|scroll/.test(style.overflowX + style.overflowY) &&
        (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight);
      if (scrolls && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
        var heading = box.querySelector("h2, caption");
        if (heading) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", heading.textContent.trim());
        }
      }
    });
  }

  function improve() {
    tabs(document);
    editors(document);
    autocompletes(document);
    pickers(document);
    scrollables(document);
  }

  tabsWithoutAddresses();

  // A row added to an inline opens its folded fields: it is there to be filled in.
  document.addEventListener("formset:added", function (event) {
    Array.prototype.forEach.call(event.target.querySelectorAll("details"), function (part) {
      part.open = true;
    });
  });

  function start() {
    improve();
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        improve();
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
