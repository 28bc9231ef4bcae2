/* VluchtelingenWerk Nederland: small enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* "Open all / close all" for the country sections (<details>). */
  function setUpToggleAll(button) {
    var container = button.closest("[data-countries]");
    if (!container) return;
    var sections = Array.prototype.slice.call(container.querySelectorAll("details"));
    function allOpen() {
      return sections.every(function (details) { return details.open; });
    }
    function update() {
      var open = allOpen();
      button.textContent = open ? button.dataset.labelClose : button.dataset.labelOpen;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var open = !allOpen();
      sections.forEach(function (details) { details.open = open; });
      update();
    });
    sections.forEach(function (details) { details.addEventListener("toggle", update); });
    button.hidden = false;
    update();
  }

  /* A link to a country (#slug, e.g. from the map) opens its section. */
  function openTarget() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    var details = target.querySelector("details") || target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }

  /* Printing shows every section; the ones the visitor had closed close again after. */
  var closedBeforePrint = [];
  function openAllForPrint() {
    closedBeforePrint = Array.prototype.filter.call(
      document.querySelectorAll("details"), function (details) { return !details.open; });
    closedBeforePrint.forEach(function (details) { details.open = true; });
  }
  function restoreAfterPrint() {
    closedBeforePrint.forEach(function (details) { details.open = false; });
    closedBeforePrint = [];
  }

  /* Videos: nothing is loaded from the provider until the visitor presses play. */
  function setUpVideo(frame) {
    var button = frame.querySelector(".video__play");
    if (!button || !frame.dataset.embed) return;
    button.addEventListener("click", function () {
      var iframe = document.createElement("iframe");
      iframe.src = frame.dataset.embed;
      iframe.title = frame.dataset.title || "";
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.allowFullscreen = true;
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      frame.textContent = "";
      frame.appendChild(iframe);
      iframe.focus();
    });
    Array.prototype.forEach.call(frame.querySelectorAll("[hidden]"), function (element) {
      element.hidden = false;
    });
  }

  /* "Copy link" where the browser allows it. */
  function setUpCopy(button) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var status = button.closest(".share").querySelector(".share__status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        status.textContent = button.dataset.copied;
        button.classList.add("is-copied");
      });
    });
    button.hidden = false;
  }

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function init() {
    each("[data-toggle-all]", setUpToggleAll);
    each(".video__frame[data-embed]", setUpVideo);
    each(".share__copy", setUpCopy);
    openTarget();
    window.addEventListener("hashchange", openTarget);
    window.addEventListener("beforeprint", openAllForPrint);
    window.addEventListener("afterprint", restoreAfterPrint);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
