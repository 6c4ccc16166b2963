// docgen web: the little the pages need beyond htmx (a static file: the CSP allows no inline script).
// When the preview reports an input error, mark the form box it names.
document.addEventListener("htmx:afterSwap", function (event) {
  document.querySelectorAll(".field.bad").forEach(function (el) { el.classList.remove("bad"); });
  var error = event.detail.target.querySelector("[data-box]");
  if (!error) { return; }
  var box = document.getElementById("o-" + error.getAttribute("data-box"));
  if (box) { box.classList.add("bad"); }
});
