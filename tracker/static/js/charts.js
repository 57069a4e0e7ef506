// Draws every chart on the page: each element with data-figure names a JSON script holding a figure.
// Maps take their outlines from the app (<body data-topojson>), never from another host.
document.querySelectorAll("[data-figure]").forEach(function (element) {
  var figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
  var config = { responsive: true, displaylogo: false, topojsonURL: document.body.dataset.topojson };
  Plotly.newPlot(element, figure.data, figure.layout, config);
});
