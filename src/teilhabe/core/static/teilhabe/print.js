// "Print" buttons open the browser's print dialogue; the print stylesheet leaves out navigation.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
if (new URLSearchParams(window.location.search).has("print")) {
  window.addEventListener("load", () => window.print());
}
