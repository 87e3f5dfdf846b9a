// Small progressive enhancements; every page also works without JavaScript.
(function () {
  'use strict';

  // Donation form: "add another device" clones the last row and renumbers its fields.
  document.addEventListener('click', function (e) {
    var add = e.target.closest && e.target.closest('[data-add-row]');
    if (add) {
      e.preventDefault();
      var list = document.getElementById(add.getAttribute('data-add-row'));
      var rows = list.querySelectorAll('[data-row]');
      var last = rows[rows.length - 1];
      var clone = last.cloneNode(true);
      var index = rows.length;
      clone.querySelectorAll('[name],[id],[for]').forEach(function (el) {
        ['name', 'id', 'for'].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(/(devices[.-])\d+/, '$1' + index));
        });
        if (el.tagName === 'INPUT' && el.type !== 'hidden') el.value = el.name && /quantity$/.test(el.name) ? '1' : '';
        if (el.tagName === 'TEXTAREA') el.value = '';
      });
      var n = clone.querySelector('[data-row-number]');
      if (n) n.textContent = String(index + 1);
      list.appendChild(clone);
      var first = clone.querySelector('select, input');
      if (first) first.focus();
      return;
    }
    var remove = e.target.closest && e.target.closest('[data-remove-row]');
    if (remove) {
      e.preventDefault();
      var row = remove.closest('[data-row]');
      if (row && row.parentNode.querySelectorAll('[data-row]').length > 1) row.remove();
      return;
    }
    var copy = e.target.closest && e.target.closest('[data-copy]');
    if (copy && navigator.clipboard) {
      e.preventDefault();
      var text = document.getElementById(copy.getAttribute('data-copy')).textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        copy.setAttribute('data-done', '1');
        copy.textContent = copy.getAttribute('data-done-label') || copy.textContent;
      });
    }
  });

  // Put the keyboard where the problem is.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
