// The navigation's menus: one open at a time, Escape or a click elsewhere closes them.
// Without this script the menus still open and close (they are <details> elements).
(function () {
  var menus = Array.prototype.slice.call(document.querySelectorAll(".menu-group"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) {
        menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) { if (!menu.contains(event.target)) { menu.open = false; } });
  });
})();

// A link to a form that is folded away (e.g. "#record-contact") opens it and moves the focus
// into it, so "Kontakt erfassen" from the worklist is one click.
(function () {
  function openTarget() {
    if (!location.hash) { return; }
    var target = document.getElementById(location.hash.slice(1));
    if (!target) { return; }
    var details = target.tagName === "DETAILS" ? target : target.closest("details");
    if (details && details.id !== "" && !details.classList.contains("menu-group")) {
      details.open = true;
      var field = details.querySelector("input:not([type=hidden]), select, textarea");
      if (field) { field.focus(); }
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
