// The receipt's Print button (no inline script: the CSP forbids it).
(() => {
  "use strict";
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
})();
