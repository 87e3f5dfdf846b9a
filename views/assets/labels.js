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
