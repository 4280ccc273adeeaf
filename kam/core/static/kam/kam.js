/* KAM — behaviour of the web UI. Loaded with `defer`; no inline scripts (CSP). */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";

  /* Money in the chart axes and tooltips, as the server formats it. */
  function moneyFormatter(currency) {
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "EUR", maximumFractionDigits: 0 });
    } catch (e) {
      return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    }
  }

  function compactFormatter(currency) {
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "EUR", notation: "compact", maximumFractionDigits: 1 });
    } catch (e) {
      return new Intl.NumberFormat(lang, { notation: "compact" });
    }
  }

  var PALETTE = ["#2f6fde", "#7fb0ff", "#17a673", "#f0a202", "#8e5bd6", "#e0565b", "#20a4c9", "#a3acb9", "#5d6b82", "#c2843f"];

  /* <canvas data-chart="bar|stacked" data-source="json-script-id" data-currency="EUR"> */
  function renderChart(canvas) {
    if (!window.Chart || canvas.dataset.rendered) { return; }
    var source = document.getElementById(canvas.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var money = moneyFormatter(canvas.dataset.currency);
    var compact = compactFormatter(canvas.dataset.currency);
    var stacked = canvas.dataset.chart === "stacked";
    var datasets = data.datasets.map(function (ds, i) {
      var color = ds.color || PALETTE[i % PALETTE.length];
      return { label: ds.label, data: ds.data, backgroundColor: color, borderColor: color, borderRadius: 3, maxBarThickness: 48 };
    });
    canvas.dataset.rendered = "1";
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + money.format(ctx.parsed.y || 0); }
            }
          }
        },
        scales: {
          x: { stacked: stacked, grid: { display: false } },
          y: { stacked: stacked, beginAtZero: true, ticks: { callback: function (v) { return compact.format(v); } } }
        }
      }
    });
  }

  function renderCharts(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(renderChart);
  }

  /* Filter bar: badge counts of multi-select dropdowns; close other dropdowns when one opens. */
  function initFilters(root) {
    (root || document).querySelectorAll("details[data-multi]").forEach(function (details) {
      if (details.dataset.ready) { return; }
      details.dataset.ready = "1";
      details.addEventListener("change", function () {
        var n = details.querySelectorAll("input[type=checkbox]:checked").length;
        var badge = details.querySelector("[data-count]");
        if (badge) {
          badge.textContent = String(n);
          badge.classList.toggle("d-none", n === 0);
        }
        details.querySelector("summary").classList.toggle("kam-multi-active", n > 0);
      });
      details.addEventListener("toggle", function () {
        if (!details.open) { return; }
        document.querySelectorAll("details[data-multi][open]").forEach(function (other) {
          if (other !== details) { other.open = false; }
        });
      });
    });
  }

  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-multi][open]").forEach(function (details) {
      if (!details.contains(event.target)) { details.open = false; }
    });
  });

  /* After a list swapped in by htmx, keep the filter form's hidden sort order in step. */
  function syncOrdering(target) {
    var results = target.querySelector("[data-ordering]") || (target.dataset && target.dataset.ordering !== undefined ? target : null);
    if (!results) { return; }
    document.querySelectorAll("form[data-filter-form]").forEach(function (form) {
      var input = form.querySelector("input[name=ordering]");
      var value = results.dataset.ordering;
      if (!value) {
        if (input) { input.remove(); }
        return;
      }
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "ordering";
        form.appendChild(input);
      }
      input.value = value;
    });
  }

  /* <button data-confirm="Really?"> asks before submitting its form. */
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  /* Enter in a search-as-you-type box picks nothing and must not submit the form around it. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("input[data-lookup]")) {
      event.preventDefault();
    }
  });

  /* <a data-print> prints the page. */
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-print]");
    if (el) { event.preventDefault(); window.print(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    renderCharts(document);
    initFilters(document);
  });

  /* Leave empty filter fields out of list URLs (?tier=key, not ?q=&tier=key&owner=). */
  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.verb !== "get" || !detail.parameters) { return; }
    var params = detail.parameters;
    var keys = typeof params.keys === "function" ? Array.from(params.keys()) : Object.keys(params);
    keys.forEach(function (key) {
      var values = typeof params.getAll === "function" ? params.getAll(key) : [].concat(params[key]);
      if (values.every(function (v) { return v === ""; })) {
        if (typeof params.delete === "function") { params.delete(key); } else { delete params[key]; }
      }
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    renderCharts(event.target);
    initFilters(event.target);
    syncOrdering(event.target);
  });
})();
