// The statistics page's charts: each <canvas data-chart="{type, labels, datasets}"> is drawn with Chart.js
// (served from /vendor/chart.js). The figures are also in the table under each chart.
(function () {
  "use strict";
  if (typeof window.Chart !== "function") return;
  var colours = { export: "#1f6f43", import: "#b5561c" };
  var palette = ["#1f6f43", "#b5561c", "#2a5d9f", "#8a6d00", "#7a3e9d", "#0f7c86", "#a23b3b", "#4d6b1f", "#5b5b5b", "#c47f00"];
  var lang = document.documentElement.lang === "en" ? "en-US" : "vi-VN";
  var usd = new Intl.NumberFormat(lang, { style: "currency", currency: "USD", maximumFractionDigits: 0 });

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (error) {
      return;
    }
    var horizontal = spec.type === "hbar";
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (set, index) {
      var colour = colours[set.side] || palette[index % palette.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: doughnut ? spec.labels.map(function (_, i) { return palette[i % palette.length]; }) : colour,
      };
    });
    // Sized through the CSSOM (the CSP forbids style attributes, not this): a fixed height, the width of the card.
    var box = canvas.parentElement;
    box.style.position = "relative";
    box.style.maxWidth = doughnut ? "420px" : "100%";
    box.style.height = (doughnut ? 300 : horizontal ? Math.max(180, spec.labels.length * 34 + 70) : 320) + "px";
    new window.Chart(canvas, {
      type: doughnut ? "doughnut" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + usd.format(item.raw); } } },
        },
        scales: doughnut ? {} : (function () {
          var value = { beginAtZero: true, ticks: { callback: function (v) { return usd.format(v); } } };
          return horizontal ? { x: value } : { y: value };
        })(),
      },
    });
  });
})();
