// Labels: print button, "select all" on the device list, and blank-tag fields that a USB scanner
// fills (its Enter must not submit the donation form half-filled).
(function () {
  'use strict';
  document.addEventListener('click', function (e) {
    var print = e.target.closest && e.target.closest('[data-print]');
    if (print) {
      e.preventDefault();
      window.print();
    }
  });
  document.addEventListener('change', function (e) {
    var all = e.target.closest && e.target.closest('[data-select-all]');
    if (!all) return;
    document.querySelectorAll('input[name="tags"][form="' + all.getAttribute('data-select-all') + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
  // The download always matches what the form shows: a new format reloads the preview at once, and the
  // start position and offsets are carried into the download and preview links as they are typed.
  var options = document.querySelector('form.label-options');
  if (options) {
    var sync = function () {
      var query = new URLSearchParams(new FormData(options)).toString();
      document.querySelectorAll('[data-label-link]').forEach(function (a) {
        a.href = a.getAttribute('data-label-link') + '?' + query;
      });
    };
    options.addEventListener('input', sync);
    options.addEventListener('change', function (e) {
      if (e.target && e.target.name === 'format') options.submit();
      else sync();
    });
  }
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') return;
    var field = e.target.closest && e.target.closest('[data-blank-tag]');
    if (!field) return;
    e.preventDefault();
    // A scanned label URL becomes its tag: …/d/FOL-00042-K → FOL-00042-K.
    var m = /\/d\/([^/?#\s]+)/i.exec(field.value);
    if (m) field.value = decodeURIComponent(m[1]).toUpperCase();
    var fields = Array.prototype.slice.call(field.form.querySelectorAll('input:not([type=hidden]), select, textarea, button'));
    var next = fields[fields.indexOf(field) + 1];
    if (next) next.focus();
  });
})();
