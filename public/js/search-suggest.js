/*
 * Suggestions as the buyer types in the header's search box (progressive enhancement: without
 * this script the form simply submits to /tim-kiem). ARIA 1.2 combobox with a listbox popup:
 * ↓/↑ move, Enter opens the chosen suggestion (or searches), Escape closes.
 * Labels come from data attributes rendered in the visitor's language.
 */
(function () {
  "use strict";
  var input = document.getElementById("header-q");
  if (!input || !window.fetch) return;
  var form = input.form;
  var listId = "header-q-suggestions";
  var list = document.createElement("ul");
  var live = document.createElement("div");
  var options = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";
  var controller = null;

  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
  list.className = "search-suggest";
  list.hidden = true;
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  // CSP forbids style attributes in markup; CSSOM from a script is allowed.
  var s = list.style;
  s.position = "absolute"; s.zIndex = "50"; s.left = "0"; s.right = "0"; s.top = "100%"; s.margin = "0"; s.padding = "0.25rem 0";
  s.listStyle = "none"; s.background = "#fff"; s.color = "#1a1a1a"; s.border = "1px solid #c9d3e0"; s.borderRadius = "0 0 6px 6px";
  s.boxShadow = "0 6px 18px rgba(0,0,0,.15)"; s.maxHeight = "22rem"; s.overflowY = "auto"; s.textAlign = "left";
  if (form) {
    if (getComputedStyle(form).position === "static") form.style.position = "relative";
    form.appendChild(list);
    form.appendChild(live);
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  function label(name) {
    return input.getAttribute("data-suggest-" + name) || name;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      var on = i === index;
      option.setAttribute("aria-selected", on ? "true" : "false");
      option.style.background = on ? "#0b4f9c" : "";
      option.style.color = on ? "#fff" : "";
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  function render(data) {
    list.textContent = "";
    options = [];
    var groups = [["products", data.products], ["enterprises", data.enterprises], ["categories", data.categories]];
    groups.forEach(function (group) {
      var items = group[1] || [];
      if (!items.length) return;
      var heading = document.createElement("li");
      heading.setAttribute("role", "presentation");
      heading.textContent = label(group[0]);
      heading.style.padding = "0.25rem 0.75rem"; heading.style.fontSize = "0.8rem"; heading.style.fontWeight = "700"; heading.style.color = "#5a6472";
      list.appendChild(heading);
      items.forEach(function (item) {
        var option = document.createElement("li");
        option.id = listId + "-" + options.length;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", item.url);
        option.textContent = item.name;
        option.style.padding = "0.4rem 0.75rem"; option.style.cursor = "pointer";
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = item.url;
        });
        list.appendChild(option);
        options.push(option);
      });
    });
    live.textContent = (label("count") || "%n").replace("%n", String(options.length));
    if (!options.length) return close();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 2) return close();
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var lang = document.documentElement.lang === "en" ? "&lang=en" : "";
    fetch("/api/v1/search/suggest?q=" + encodeURIComponent(q) + lang, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) { if (data && input.value.trim() === q) render(data); })
      .catch(function () { /* offline or aborted: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) {
        if (options.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        return;
      }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = active + step;
      if (next < -1) next = options.length - 1;
      if (next >= options.length) next = -1;
      highlight(next);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      window.location.href = options[active].getAttribute("data-url");
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
