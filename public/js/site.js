// Mobile navigation toggle (progressive enhancement: without JS the menu simply stays open).
(() => {
  "use strict";

  const toggle = document.querySelector("[data-nav-toggle]");
  const menu = toggle ? document.getElementById(toggle.getAttribute("aria-controls")) : null;
  if (!toggle || !menu) return;

  document.documentElement.classList.add("js-nav");

  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  };

  toggle.addEventListener("click", () => setOpen(!isOpen()));

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });

  // Reset the state when the viewport grows past the phone breakpoint.
  const desktop = window.matchMedia("(min-width: 641px)");
  desktop.addEventListener("change", (event) => {
    if (event.matches) setOpen(false);
  });
})();
