// Declaration form, progressively enhanced: without JavaScript the "add a line" and "remove" buttons
// post the form and the server renders it again; with it, rows are added and removed here, the USD
// total runs as people type, the HS heading's description is looked up, and a country's name is shown.
(() => {
  "use strict";

  // Confirmation before deleting a draft (any page with a [data-confirm] form).
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  const form = document.querySelector("[data-declaration-form]");
  if (!form) return;
  const container = form.querySelector("[data-lines]");
  const addButton = form.querySelector("[data-add-line]");
  const totalOutput = form.querySelector("[data-running-total]");
  const lang = totalOutput?.dataset.lang === "en" ? "en-US" : "vi-VN";
  const maxLines = 15;

  // Countries from the datalist: code → "name — other name".
  const countries = new Map();
  for (const option of document.querySelectorAll("#country-list option")) countries.set(option.value, option.textContent);
  const byName = new Map();
  for (const [code, label] of countries) for (const name of label.split(" — ")) byName.set(name.trim().toLocaleLowerCase(), code);

  /** "46.080,00" / "46,080.00" / "46080" → a number of USD (a hint only: the server recomputes the totals). */
  function parseAmount(text) {
    const value = String(text).replace(/\s/g, "");
    if (!/^\d[\d.,]*$/.test(value)) return null;
    const mark = Math.max(value.lastIndexOf("."), value.lastIndexOf(","));
    const tail = mark >= 0 ? value.slice(mark + 1) : "";
    const grouping = tail.length === 3 && new Set(value.match(/[.,]/g)).size === 1;
    if (mark < 0 || grouping) return Number(value.replace(/[.,]/g, ""));
    return Number(`${value.slice(0, mark).replace(/[.,]/g, "")}.${tail}`);
  }

  function updateTotal() {
    if (!totalOutput) return;
    let cents = 0;
    for (const input of form.querySelectorAll("[data-value-usd]")) {
      const amount = parseAmount(input.value);
      if (amount !== null && Number.isFinite(amount)) cents += Math.round(amount * 100);
    }
    const formatted = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
    totalOutput.textContent = `${totalOutput.dataset.label}: ${formatted} USD`;
    totalOutput.hidden = false;
  }

  function showCountry(input) {
    const row = input.closest("[data-line]");
    const target = row?.querySelector("[data-country-name]");
    const typed = input.value.trim();
    const code = countries.has(typed.toUpperCase()) ? typed.toUpperCase() : byName.get(typed.toLocaleLowerCase());
    if (code && code !== typed) input.value = code;
    if (target) target.textContent = code ? countries.get(code) : "";
  }

  const lookups = new WeakMap();
  function lookupHs(input) {
    const row = input.closest("[data-line]");
    const target = row?.querySelector("[data-hs-description]");
    if (!target) return;
    const code = input.value.replace(/[\s.]/g, "");
    clearTimeout(lookups.get(input));
    if (!/^\d{4,8}$/.test(code)) {
      target.textContent = "";
      return;
    }
    lookups.set(input, setTimeout(async () => {
      try {
        const response = await fetch(`/api/v1/hs/${encodeURIComponent(code)}`, { headers: { Accept: "application/json" } });
        if (!response.ok) {
          target.textContent = "";
          return;
        }
        const found = await response.json();
        const entry = found.line || found.subheading || found.heading || found.chapter;
        if (input.value.replace(/[\s.]/g, "") === code) target.textContent = entry ? `${entry.code}: ${entry.description}` : "";
      } catch {
        target.textContent = ""; // the lookup is a help, never a requirement
      }
    }, 250));
  }

  /** Rows are numbered 0..n-1 in names, ids and labels, so the server reads them in order. */
  function renumber() {
    const rows = container.querySelectorAll("[data-line]");
    rows.forEach((row, index) => {
      row.querySelector("[data-line-number]").textContent = String(index + 1);
      for (const element of row.querySelectorAll("[name^='lines[']")) element.name = element.name.replace(/^lines\[\d+\]/, `lines[${index}]`);
      for (const element of row.querySelectorAll("[id^='line-']")) element.id = element.id.replace(/^line-\d+-/, `line-${index}-`);
      for (const element of row.querySelectorAll("[for^='line-']")) element.htmlFor = element.htmlFor.replace(/^line-\d+-/, `line-${index}-`);
      for (const element of row.querySelectorAll("[aria-describedby]")) {
        element.setAttribute("aria-describedby", element.getAttribute("aria-describedby").replace(/line-\d+-/g, `line-${index}-`));
      }
      const remove = row.querySelector("[data-remove-line]");
      if (remove) remove.value = `removeLine:${index}`;
    });
    if (addButton) addButton.hidden = rows.length >= maxLines;
    updateTotal();
  }

  function addLine() {
    const rows = container.querySelectorAll("[data-line]");
    if (rows.length >= maxLines) return;
    const copy = rows[rows.length - 1].cloneNode(true);
    for (const element of copy.querySelectorAll("input")) element.value = "";
    for (const element of copy.querySelectorAll("select")) element.selectedIndex = 0;
    for (const element of copy.querySelectorAll(".field-error")) element.remove();
    for (const element of copy.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
    for (const element of copy.querySelectorAll(".has-error")) element.classList.remove("has-error");
    for (const element of copy.querySelectorAll("[data-hs-description], [data-country-name]")) element.textContent = "";
    container.append(copy);
    renumber();
    copy.querySelector("input")?.focus();
  }

  function removeLine(row) {
    const rows = container.querySelectorAll("[data-line]");
    if (rows.length <= 1) {
      for (const element of row.querySelectorAll("input")) element.value = "";
      for (const element of row.querySelectorAll("select")) element.selectedIndex = 0;
    } else {
      row.remove();
    }
    renumber();
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-add-line]")) {
      event.preventDefault();
      addLine();
    } else if (button.matches("[data-remove-line]")) {
      event.preventDefault();
      removeLine(button.closest("[data-line]"));
    }
  });

  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.matches("[data-value-usd]")) updateTotal();
    if (target.matches("[data-hs-code]")) lookupHs(target);
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-country]")) showCountry(event.target);
  });

  for (const input of form.querySelectorAll("[data-hs-code]")) if (input.value) lookupHs(input);
  updateTotal();
})();
