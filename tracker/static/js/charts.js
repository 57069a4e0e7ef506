// Draws every chart on the page: each element with data-figure names a JSON script holding a figure.
// Maps take their outlines from the app (<body data-topojson>), never from another host. Dates and
// numbers follow the page's language: <body data-plotly-locale> holds its month and day names and
// separators (from CLDR), absent in English.
var language = document.documentElement.lang;
var locale = document.body.dataset.plotlyLocale;
document.querySelectorAll("[data-figure]").forEach(function (element) {
  var figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
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
  Plotly.newPlot(element, figure.data, figure.layout, config);
});
// Printed, each chart is laid out again at the paper's width rather than the screen's.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    if (element.data) Plotly.Plots.resize(element);
  });
});
