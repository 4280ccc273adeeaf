/* KAM portfolio pages: the Pareto curve and the portfolio matrix (Chart.js), forms sent on change.
   Loaded with `defer`; data comes from json_script elements (strict CSP: no inline scripts). */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";
  var percent = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var QUADRANT_COLORS = {
    key_account: "#2f6fde",
    develop: "#17a673",
    maintain: "#f0a202",
    standard: "#8a94a6"
  };
  var QUADRANT_ORDER = ["key_account", "develop", "maintain", "standard"];

  function moneyFormatter(currency) {
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "EUR", maximumFractionDigits: 0 });
    } catch (e) {
      return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    }
  }

  function pct(value) { return percent.format(value) + " %"; }

  function withAlpha(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function line(label, points, color, dash) {
    return {
      label: label, data: points, borderColor: color, backgroundColor: color, borderWidth: 1.5,
      borderDash: dash, pointRadius: 0, pointHitRadius: 0, fill: false, tension: 0
    };
  }

  /* Cumulative share of value over the share of customers, with the A and B boundaries. */
  function paretoChart(canvas, data) {
    var labels = data.labels;
    var curve = data.points.map(function (p) { return { x: p[0], y: p[1] }; });
    var datasets = [
      {
        label: labels.curve, data: curve, borderColor: "#2f6fde", backgroundColor: "rgba(47,111,222,.12)",
        borderWidth: 2, pointRadius: 0, pointHitRadius: 6, fill: "origin", tension: 0
      },
      line(labels.even, [{ x: 0, y: 0 }, { x: 100, y: 100 }], "#a3acb9", [4, 4]),
      line(labels.a + " (" + pct(data.a) + ")", [{ x: 0, y: data.a }, { x: 100, y: data.a }], "#17a673", [6, 4]),
      line(labels.b + " (" + pct(data.b) + ")", [{ x: 0, y: data.b }, { x: 100, y: data.b }], "#f0a202", [6, 4])
    ];
    return new window.Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "nearest", intersect: false, axis: "x" },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 14, boxHeight: 2 } },
          tooltip: {
            filter: function (item) { return item.datasetIndex === 0; },
            callbacks: {
              title: function () { return ""; },
              label: function (ctx) {
                return labels.x + ": " + pct(ctx.parsed.x) + " → " + labels.y + ": " + pct(ctx.parsed.y);
              }
            }
          }
        },
        scales: {
          x: { type: "linear", min: 0, max: 100, title: { display: true, text: labels.x }, ticks: { callback: function (v) { return v + " %"; } } },
          y: { min: 0, max: 100, title: { display: true, text: labels.y }, ticks: { callback: function (v) { return v + " %"; } } }
        }
      }
    });
  }

  /* Split lines and quadrant names, drawn under the bubbles. */
  var quadrantPlugin = {
    id: "kamQuadrants",
    beforeDatasetsDraw: function (chart, args, options) {
      if (!options || options.splitX === undefined) { return; }
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x, y = chart.scales.y;
      var px = x.getPixelForValue(options.splitX), py = y.getPixelForValue(options.splitY);
      ctx.save();
      ctx.strokeStyle = "#9aa4b5";
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom);
      ctx.moveTo(area.left, py); ctx.lineTo(area.right, py);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = "600 12px system-ui, sans-serif";
      var pad = 8, names = options.names;
      var corners = [
        ["key_account", area.right - pad, area.top + pad, "right", "top"],
        ["maintain", area.left + pad, area.top + pad, "left", "top"],
        ["develop", area.right - pad, area.bottom - pad, "right", "bottom"],
        ["standard", area.left + pad, area.bottom - pad, "left", "bottom"]
      ];
      corners.forEach(function (c) {
        ctx.fillStyle = withAlpha(QUADRANT_COLORS[c[0]], 0.9);
        ctx.textAlign = c[3];
        ctx.textBaseline = c[4];
        ctx.fillText(names[c[0]], c[1], c[2]);
      });
      ctx.restore();
    }
  };

  /* Attractiveness × relationship strength; bubble area grows with revenue; a click opens the account. */
  function matrixChart(canvas, data) {
    var money = moneyFormatter(canvas.dataset.currency);
    var labels = data.labels;
    var top = data.points.reduce(function (m, p) { return Math.max(m, p.revenue); }, 0);
    var datasets = QUADRANT_ORDER.map(function (q) {
      var color = QUADRANT_COLORS[q];
      return {
        label: data.quadrants[q],
        data: data.points.filter(function (p) { return p.quadrant === q; }).map(function (p) {
          var r = top > 0 ? 3 + 22 * Math.sqrt(Math.max(p.revenue, 0) / top) : 5;
          return { x: p.x, y: p.y, r: r, name: p.name, url: p.url, cls: p.cls, revenue: p.revenue, value: p.value };
        }),
        backgroundColor: withAlpha(color, 0.45),
        borderColor: color,
        borderWidth: 1,
        hoverBorderWidth: 2,
        clip: false
      };
    });
    return new window.Chart(canvas, {
      type: "bubble",
      data: { datasets: datasets },
      plugins: [quadrantPlugin],
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        layout: { padding: { top: 16, right: 16 } },
        onClick: function (event, elements, chart) {
          if (!elements.length) { return; }
          var el = elements[0];
          var point = chart.data.datasets[el.datasetIndex].data[el.index];
          if (point && point.url) { window.location.assign(point.url); }
        },
        onHover: function (event, elements) {
          var target = event.native && event.native.target;
          if (target) { target.style.cursor = elements.length ? "pointer" : "default"; }
        },
        plugins: {
          kamQuadrants: { splitX: data.split_x, splitY: data.split_y, names: data.quadrants },
          legend: { position: "bottom", labels: { usePointStyle: true, boxWidth: 10 } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? items[0].raw.name : ""; },
              label: function (ctx) {
                var p = ctx.raw;
                return [
                  labels.cls + ": " + p.cls + " · " + labels.quadrant + ": " + ctx.dataset.label,
                  labels.x + ": " + percent.format(p.x),
                  labels.y + ": " + percent.format(p.y),
                  labels.revenue + ": " + money.format(p.revenue)
                ];
              }
            }
          }
        },
        scales: {
          x: { min: 0, max: 100, title: { display: true, text: labels.x }, grid: { color: "#eef1f6" } },
          y: { min: 0, max: 100, title: { display: true, text: labels.y }, grid: { color: "#eef1f6" } }
        }
      }
    });
  }

  var BUILDERS = { pareto: paretoChart, matrix: matrixChart };

  function renderChart(canvas) {
    if (!window.Chart || canvas.dataset.rendered) { return; }
    var source = document.getElementById(canvas.dataset.source);
    var build = BUILDERS[canvas.dataset.portfolioChart];
    if (!source || !build) { return; }
    canvas.dataset.rendered = "1";
    build(canvas, JSON.parse(source.textContent));
  }

  function renderCharts(root) {
    (root || document).querySelectorAll("canvas[data-portfolio-chart]").forEach(renderChart);
  }

  /* Charts inside content htmx replaces are destroyed first (no leaked resize observers). */
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!window.Chart || !event.detail.target) { return; }
    event.detail.target.querySelectorAll("canvas[data-portfolio-chart]").forEach(function (canvas) {
      var chart = window.Chart.getChart(canvas);
      if (chart) { chart.destroy(); }
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
  document.addEventListener("DOMContentLoaded", function () { renderCharts(document); });

  /* <form data-autosubmit>: a plain GET form sent as soon as one of its fields changes. */
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit")) {
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
    }
  });
})();
