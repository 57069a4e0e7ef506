// Draws every chart on the page: each element with data-figure names a JSON script holding a figure.
// Maps take their outlines from the app (<body data-topojson>), never from another host. Dates and
// numbers follow the page's language: <body data-plotly-locale> holds its month and day names and
// separators (from CLDR), absent in English.
var language = document.documentElement.lang;
var locale = document.body.dataset.plotlyLocale;
document.querySelectorAll("[data-figure]").forEach(function (element) {
  var figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
  var config = { responsive: true, displaylogo: false, topojsonURL: document.body.dataset.topojson };
  if (locale) {
    config.locale = language;
    config.locales = {};
    config.locales[language] = JSON.parse(locale);
  }
  Plotly.newPlot(element, figure.data, figure.layout, config);
});
