// Draws every chart on the page: each element with data-figure names a JSON script holding a figure.
// Maps take their outlines from the app (<body data-topojson>), never from another host. Dates and
// numbers follow the page's language: <body data-plotly-locale> holds its month and day names and
// separators (from CLDR), absent in English.
//
// The page loads plotly.js's basic bundle (lines and bars); a map needs the geo bundle, whose address
// is <body data-plotly-geo>: it is loaded only on pages with a map, after the other charts are drawn.
// The first chart drawn is marked (performance.mark("first-chart"): bench/http.py reads it).
var language = document.documentElement.lang;
var locale = document.body.dataset.plotlyLocale;
var MAP_TRACES = ["choropleth", "scattergeo"];

function draw(plotly, element, figure) {
  // Nothing offers to send the data to another host: no plotly logo, no "Edit in Chart Studio" or
  // "Share" button, no link out.
  var config = {
    responsive: true, displaylogo: false, showLink: false, showSendToCloud: false, showEditInChartStudio: false,
    modeBarButtonsToRemove: ["sendDataToCloud", "editInChartStudio"], topojsonURL: document.body.dataset.topojson
  };
  if (locale) {
    config.locale = language;
    config.locales = {};
    config.locales[language] = JSON.parse(locale);
  }
  return plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
    if (!performance.getEntriesByName("first-chart").length) performance.mark("first-chart");
  });
}

var maps = [];
document.querySelectorAll("[data-figure]").forEach(function (element) {
  var figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
  var isMap = figure.data.some(function (trace) { return MAP_TRACES.indexOf(trace.type) >= 0; });
  if (isMap) maps.push([element, figure]);
  else draw(window.Plotly, element, figure);
});

if (maps.length) {
  var basic = window.Plotly;
  var script = document.createElement("script");
  script.src = document.body.dataset.plotlyGeo;
  script.onload = function () {
    var geo = window.Plotly;
    window.Plotly = basic; // the other charts stay with the bundle that drew them
    maps.forEach(function (map) { draw(geo, map[0], map[1]); });
  };
  document.head.appendChild(script);
}

// Printed, each chart is laid out again at the paper's width rather than the screen's.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    if (element.data) window.Plotly.Plots.resize(element);
  });
});
