/* The focal point of a library photo: a click on the photo sets the two percentage
   fields, and a marker shows where it is. No inline script (CSP). */
(function () {
  "use strict";
  function setUp(box) {
    var image = box.querySelector("img");
    var marker = box.querySelector(".focal-point__marker");
    var x = document.getElementById("id_focal_x");
    var y = document.getElementById("id_focal_y");
    if (!image || !marker || !x || !y) { return; }
    function place() {
      marker.style.left = (Number(x.value) || 0) + "%";
      marker.style.top = (Number(y.value) || 0) + "%";
    }
    image.addEventListener("click", function (event) {
      var rect = image.getBoundingClientRect();
      x.value = Math.round(((event.clientX - rect.left) / rect.width) * 100);
      y.value = Math.round(((event.clientY - rect.top) / rect.height) * 100);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-point]").forEach(setUp);
  });
})();
