// Vigil dashboard: plain JS, no build step. Reads server-sent events from /v1/stream: "stats" once a second,
// "alert" as alerts happen. An admin token, if the service has one, is taken from the page's #token=… fragment.
(function () {
  'use strict';
  var token = (location.hash.match(/token=([^&]+)/) || [])[1];
  var streamUrl = '/v1/stream' + (token ? '?token=' + encodeURIComponent(token) : '');
  var HISTORY = 120;
  var rates = [];
  var latencies = [];
  var MAX_ROWS = 25;

  function $(id) { return document.getElementById(id); }
  function fmt(n) { return n === undefined || n === null || n < 0 ? '–' : Number(n).toLocaleString('en'); }

  function onStats(s) {
    $('events-per-s').textContent = fmt(s.events_per_s);
    $('events-in').textContent = fmt(s.events_in);
    $('alerts').textContent = fmt(s.alerts);
    $('late-events').textContent = fmt(s.late_events);
    $('ring').textContent = fmt(s.ring_occupancy) + ' / ' + fmt(s.ring_capacity);
    $('ack-latency').textContent = fmt(s.ack_p50_us) + ' / ' + fmt(s.ack_p99_us);
    $('detect-latency').textContent = fmt(s.detect_p50_us) + ' / ' + fmt(s.detect_p99_us);
    $('refusals').textContent = fmt(s.duplicates) + ' / ' + fmt(s.ring_full);
    var body = $('per-rule').tBodies[0];
    body.textContent = '';
    Object.keys(s.alerts_per_rule || {}).forEach(function (rule) {
      var tr = document.createElement('tr');
      tr.innerHTML = '<td></td><td class="num"></td>';
      tr.cells[0].textContent = rule;
      tr.cells[1].textContent = fmt(s.alerts_per_rule[rule]);
      body.appendChild(tr);
    });
    if (s.webhooks) {
      $('webhooks-box').hidden = false;
      var hooks = $('webhooks').tBodies[0];
      hooks.textContent = '';
      s.webhooks.forEach(function (w) {
        var tr = document.createElement('tr');
        tr.innerHTML = '<td></td><td class="num"></td><td class="num"></td><td class="num"></td><td class="num"></td><td></td>';
        tr.cells[0].textContent = w.name;
        tr.cells[1].textContent = fmt(w.delivered);
        tr.cells[2].textContent = fmt(w.backlog);
        tr.cells[3].textContent = fmt(w.failed_attempts);
        tr.cells[4].textContent = fmt(w.dead_lettered);
        tr.cells[5].textContent = w.breaker + (w.last_error ? ' (' + w.last_error + ')' : '');
        hooks.appendChild(tr);
      });
    }
    push(rates, s.events_per_s || 0);
    push(latencies, Math.max(0, s.detect_p99_us || 0));
    draw($('rate-chart'), rates, '#2f6fde');
    draw($('latency-chart'), latencies, '#c25400');
  }

  function onAlert(a) {
    var body = $('latest').tBodies[0];
    var tr = document.createElement('tr');
    tr.className = 'alert';
    tr.innerHTML = '<td></td><td></td><td></td><td></td><td></td>';
    tr.cells[0].textContent = a.event_time || '';
    tr.cells[1].textContent = a.rule;
    tr.cells[2].textContent = a.severity;
    tr.cells[2].className = 'sev-' + a.severity;
    tr.cells[3].textContent = a.key_type + ' ' + a.key;
    tr.cells[4].textContent = a.tx_id || '(window close)';
    body.insertBefore(tr, body.firstChild);
    while (body.rows.length > MAX_ROWS) { body.deleteRow(body.rows.length - 1); }
  }

  function push(series, v) { series.push(v); if (series.length > HISTORY) { series.shift(); } }

  function draw(canvas, series, colour) {
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    var max = Math.max.apply(null, series.concat([1]));
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    series.forEach(function (v, i) {
      var x = (i / (HISTORY - 1)) * (w - 4) + 2;
      var y = h - 14 - (v / max) * (h - 24);
      if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
    });
    ctx.stroke();
    ctx.fillStyle = '#5a6375';
    ctx.font = '11px sans-serif';
    ctx.fillText('max ' + fmt(Math.round(max)), 4, 11);
  }

  function connect() {
    var source = new EventSource(streamUrl);
    source.addEventListener('open', function () { $('status').textContent = 'live'; });
    source.addEventListener('stats', function (e) { onStats(JSON.parse(e.data)); });
    source.addEventListener('alert', function (e) { onAlert(JSON.parse(e.data)); });
    source.addEventListener('error', function () { $('status').textContent = 'reconnecting…'; });
  }

  connect();
})();
