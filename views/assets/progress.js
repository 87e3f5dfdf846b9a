// Progress of long work: an import's bar follows its JSON endpoint; downloads marked data-download
// (exports, label sheets) show a bar while the file is produced and received. Without JavaScript the
// pages still work: the import page has a refresh link, and downloads are plain links.
(function () {
  'use strict';
  // Several parts of a page may include this script: it runs once.
  if (window.rigeneraProgress) return;
  window.rigeneraProgress = true;
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
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (p) {
          if (!p) return setTimeout(tick, 3000);
          bar.value = p.percent;
          if (template) text.textContent = fill(template, { done: p.processedRows, total: p.totalRows, percent: p.percent, created: p.created, skipped: p.skipped });
          if (p.status === 'queued' || p.status === 'running') setTimeout(tick, 1000);
          else window.location.reload();
        })
        .catch(function () {
          setTimeout(tick, 3000);
        });
    };
    setTimeout(tick, 500);
  });

  // Downloads with a visible bar: rows counted as they arrive (CSV), or bytes (Content-Length).
  var download = function (url, el) {
    var box = document.getElementById(el.getAttribute('data-download'));
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    var next = box.querySelector('[data-next-part]');
    if (next) next.remove();
    box.hidden = false;
    if (box.parentNode.tagName === 'DETAILS') box.parentNode.open = true;
    bar.removeAttribute('value');
    text.textContent = el.getAttribute('data-preparing') || '';
    return fetch(url, { credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok || !res.body) {
          window.location.href = url;
          return;
        }
        var bytes = Number(res.headers.get('content-length')) || 0;
        var csv = /text\/csv/.test(res.headers.get('content-type') || '');
        var name = (/filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '') || [])[1] || 'export';
        var link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') || '');
        var reader = res.body.getReader();
        var parts = [];
        var got = 0;
        var lines = 0;
        var pump = function () {
          return reader.read().then(function (step) {
            if (step.done) return;
            parts.push(step.value);
            got += step.value.length;
            if (csv) {
              for (var i = 0; i < step.value.length; i++) if (step.value[i] === 10) lines++;
              text.textContent = fill(el.getAttribute('data-progress-template') || '{done}', { done: Math.max(0, lines - 1) });
            } else if (bytes) {
              bar.max = bytes;
              bar.value = got;
            }
            return pump();
          });
        };
        return pump().then(function () {
          var href = URL.createObjectURL(new Blob(parts, { type: res.headers.get('content-type') || 'application/octet-stream' }));
          var a = document.createElement('a');
          a.href = href;
          a.download = name;
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () {
            URL.revokeObjectURL(href);
          }, 10000);
          bar.max = 1;
          bar.value = 1;
          text.textContent = (csv ? fill(el.getAttribute('data-progress-template') || '{done}', { done: Math.max(0, lines - 1) }) + '. ' : '') + (el.getAttribute('data-done') || '');
          if (link) {
            var p = document.createElement('p');
            p.setAttribute('data-next-part', '');
            var more = document.createElement('a');
            more.href = link[1];
            more.textContent = el.getAttribute('data-next') || link[1];
            more.setAttribute('data-download', el.getAttribute('data-download'));
            ['data-preparing', 'data-progress-template', 'data-done', 'data-next'].forEach(function (k) {
              more.setAttribute(k, el.getAttribute(k) || '');
            });
            p.appendChild(more);
            box.appendChild(p);
          }
        });
      })
      .catch(function () {
        window.location.href = url;
      });
  };

  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[data-download]');
    if (!link || !window.ReadableStream || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    download(link.href, link);
  });
  document.addEventListener('submit', function (e) {
    var form = e.target.closest && e.target.closest('form[data-download]');
    if (!form || !window.ReadableStream) return;
    e.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    if (e.submitter && e.submitter.name) params.set(e.submitter.name, e.submitter.value);
    var empty = [];
    params.forEach(function (value, key) {
      if (value === '') empty.push(key);
    });
    empty.forEach(function (key) {
      params.delete(key);
    });
    download(form.action + '?' + params.toString(), form);
  });
})();
