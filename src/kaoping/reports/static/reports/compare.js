// Province comparison: choosing an indicator opens its comparison (no inline script).
(function () {
  "use strict";
  var pick = document.querySelector("[data-compare-pick]");
  if (!pick) return;
  pick.addEventListener("change", function () { window.location.search = "?" + pick.value; });
})();
