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

// Evaluation pages compute their figures on request and can take seconds on a large
// Jobcenter: following a link to one (or sending its reference-date form) says so in a live
// region instead of leaving the user with the browser's spinner only. Downloads do not
// navigate and are left alone. The paths are listed on #busy (a leading "=" means exact).
(function () {
  var busy = document.getElementById("busy");
  if (!busy) { return; }
  var paths = (busy.dataset.paths || "").split(" ").filter(Boolean);
  function slow(url) {
    if (url.origin !== location.origin || /(^|[?&])format=/.test(url.search)) { return false; }
    return paths.some(function (p) {
      return p.charAt(0) === "=" ? url.pathname === p.slice(1) : url.pathname.indexOf(p) === 0;
    });
  }
  function show() {
    busy.textContent = busy.dataset.text;
    document.body.setAttribute("aria-busy", "true");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || link.target || link.hasAttribute("download")) { return; }
    if (slow(new URL(link.href, location.href))) { show(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") { return; }
    if (slow(new URL(form.getAttribute("action") || location.href, location.href))) { show(); }
  });
  window.addEventListener("pageshow", function () {  // back to a page kept in the cache
    busy.textContent = "";
    document.body.removeAttribute("aria-busy");
  });
})();
