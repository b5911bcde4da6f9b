/* Focal point: a click on the picture on an image's change page sets where its subject is.
   The two number fields (0 to 1 across and down) stay usable without this script. */
"use strict";
(function () {
  function start() {
    var box = document.querySelector("[data-focal-point]");
    var x = document.getElementById("id_focal_x"), y = document.getElementById("id_focal_y");
    if (!box || !x || !y) return;
    var img = box.querySelector("img"), marker = box.querySelector(".focal-point__marker");
    box.classList.add("focal-point--active");
    img.title = gettext("Click the subject of the picture");
    function place() {
      marker.style.left = (Number(x.value) * 100) + "%";
      marker.style.top = (Number(y.value) * 100) + "%";
    }
    img.addEventListener("click", function (event) {
      var rect = img.getBoundingClientRect();
      x.value = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)).toFixed(3);
      y.value = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)).toFixed(3);
      place();
    });
    x.addEventListener("input", place); y.addEventListener("input", place);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
