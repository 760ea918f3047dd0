// Quick exit: leave for a neutral site at once, and replace this page in the browser's
// history so that the Back button does not bring it back. Without JavaScript the link
// still leaves (a normal navigation); this only makes it leave no trace of the last page.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    document.documentElement.hidden = true;
    window.location.replace(link.href);
  });
})();
