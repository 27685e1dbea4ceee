// The marketer's console: draws the charts (Apache ECharts) and the journey diagram (bpmn-js's
// viewer) from the figures the server put into data- attributes. No figures are made up here.
(function () {
  'use strict';

  function drawCharts() {
    document.querySelectorAll('.chart[data-option]').forEach(function (el) {
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.on('finished', function () { el.setAttribute('data-drawn', 'true'); });
      chart.setOption(JSON.parse(el.getAttribute('data-option')));
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  function overlay(node) {
    var div = document.createElement('div');
    div.className = 'funnel-overlay';
    div.textContent = node.entered + ' / ' + node.passed + ' / ' + node.dropped;
    div.title = 'entered / passed / dropped';
    return div;
  }

  function drawDiagram() {
    var el = document.querySelector('.diagram[data-xml]');
    if (!el || typeof BpmnJS === 'undefined') {
      return;
    }
    var viewer = new BpmnJS({ container: el });
    fetch(el.getAttribute('data-xml'), { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('diagram: HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        viewer.get('canvas').zoom('fit-viewport');
        var overlays = viewer.get('overlays');
        var registry = viewer.get('elementRegistry');
        JSON.parse(el.getAttribute('data-overlays') || '[]').forEach(function (node) {
          if (registry.get(node.id)) {
            overlays.add(node.id, 'funnel', {
              position: { bottom: -4, left: 0 },
              html: overlay(node)
            });
          }
        });
        el.setAttribute('data-drawn', 'true');
      })
      .catch(function (error) {
        el.setAttribute('data-error', String(error));
        console.error(error);
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts();
    drawDiagram();
  });
})();
