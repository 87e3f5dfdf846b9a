// Progress of long work: an import's bar follows its JSON endpoint; downloads marked data-download
// (exports, label sheets) show a bar while the file is produced and received. Without JavaScript the
// pages still work: the import page has a refresh link, and downloads are plain links.
(function () {
  'use strict';
  var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'it-IT';
  var number = new Intl.NumberFormat(lang, { useGrouping: 'always' });
  var fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      var v = values[name];
      return typeof v === 'number' ? (name === 'percent' ? String(v) : number.format(v)) : whole;
    });
  };

  document.querySelectorAll('[data-progress-url]').forEach(function (box) {
    var url = box.getAttribute('data-progress-url');
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    var template = box.getAttribute('data-progress-template');
    var tick = function () {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) return setTimeout(tick, 3000);
          bar.value = p.percent;
          if (template) text.textContent = fill(template, { done: p.processedRows, total: p.totalRows, percent: p.percent, created: p.created, skipped: p.skipped });
          if (p.status === 'queued' || p.status === 'running') setTimeout(tick, 1000);
          else window.location.reload();
        })
        .catch(function () { setTimeout(tick, 3000); });
    };
    setTimeout(tick, 500);
  });

  // Downloads with a visible bar: rows counted as they arrive (X-Total-Rows) or bytes (Content-Length).
  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[data-download]');
    if (!link || !window.ReadableStream || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var box = document.getElementById(link.getAttribute('data-download'));
    if (!box) return;
    e.preventDefault();
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    box.hidden = false;
    bar.removeAttribute('value');
    text.textContent = link.getAttribute('data-preparing') || '';
    fetch(link.href, { credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) { window.location.href = link.href; return; }
      var rows = Number(res.headers.get('x-total-rows')) || 0;
      var bytes = Number(res.headers.get('content-length')) || 0;
      var name = (/filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '') || [])[1] || 'export';
      var reader = res.body.getReader();
      var parts = [];
      var got = 0;
      var lines = 0;
      var pump = function () {
        return reader.read().then(function (step) {
          if (step.done) return;
          parts.push(step.value);
          got += step.value.length;
          if (rows) {
            for (var i = 0; i < step.value.length; i++) if (step.value[i] === 10) lines++;
            bar.max = rows;
            bar.value = Math.min(rows, Math.max(0, lines - 1));
            text.textContent = fill(link.getAttribute('data-progress-template') || '{done}/{total}', { done: Math.min(rows, Math.max(0, lines - 1)), total: rows, percent: Math.floor((100 * Math.max(0, lines - 1)) / rows) });
          } else if (bytes) {
            bar.max = bytes;
            bar.value = got;
          }
          return pump();
        });
      };
      return pump().then(function () {
        var url = URL.createObjectURL(new Blob(parts, { type: res.headers.get('content-type') || 'application/octet-stream' }));
        var a = document.createElement('a');
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        if (bar.max) bar.value = bar.max;
        text.textContent = link.getAttribute('data-done') || '';
      });
    }).catch(function () { window.location.href = link.href; });
  });
})();
