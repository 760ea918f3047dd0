// A "Print" button where JavaScript runs: it opens the browser's print dialog. Without
// JavaScript the button stays hidden and the page says to use the browser's Print command;
// the print stylesheet does the rest either way.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
