// Import progress: polls the job's JSON and moves the progress bar; reloads the page when the job
// ends so the results and the report appear. Without JS the page offers a refresh link instead.
(() => {
  "use strict";

  const box = document.querySelector("[data-import-progress]");
  if (!box || box.dataset.finished === "true") return;
  const url = box.dataset.url;
  const bar = box.querySelector("progress");
  const rows = box.querySelector("[data-import-rows]");
  const status = document.querySelector("[data-import-status]");
  let delay = 1000;

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      if (response.ok) {
        const job = await response.json();
        if (bar) {
          bar.value = job.percent;
          bar.textContent = `${job.percent}%`;
        }
        if (rows) rows.textContent = job.rowsText;
        if (status) status.textContent = job.statusLabel;
        if (job.finished) {
          window.location.reload();
          return;
        }
        delay = 1000;
      } else {
        delay = Math.min(delay * 2, 15000);
      }
    } catch {
      delay = Math.min(delay * 2, 15000);
    }
    window.setTimeout(poll, delay);
  };
  window.setTimeout(poll, delay);
})();
