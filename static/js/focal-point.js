// The photo's focal point: a click on the preview sets the two number fields
// (0..1 across and down) and moves the marker. Without JavaScript the editor
// types the numbers; the crops follow them either way.
(function () {
  "use strict";

  function number(value) {
    var parsed = parseFloat(value);
    return isNaN(parsed) ? 0.5 : Math.min(1, Math.max(0, parsed));
  }

  function place(marker, x, y) {
    marker.style.left = x * 100 + "%";
    marker.style.top = y * 100 + "%";
    marker.hidden = false;
  }

  function setUp(frame) {
    var fieldX = document.getElementById("id_focal_x");
    var fieldY = document.getElementById("id_focal_y");
    var image = frame.querySelector("img");
    var marker = frame.querySelector(".focal-point__marker");
    if (!fieldX || !fieldY || !image || !marker) {
      return;
    }
    place(marker, number(fieldX.value), number(fieldY.value));
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      var x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      var y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
      fieldX.value = x.toFixed(3);
      fieldY.value = y.toFixed(3);
      place(marker, x, y);
    });
    [fieldX, fieldY].forEach(function (field) {
      field.addEventListener("input", function () {
        place(marker, number(fieldX.value), number(fieldY.value));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-point").forEach(setUp);
  });
})();
