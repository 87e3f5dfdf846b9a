// Scanning: USB keyboard-wedge scanners (code + Enter), typing, and the phone camera (BarcodeDetector
// where the browser has it, the bundled zxing-wasm decoder where it does not). One page, three modes:
// open the scanned device, apply one action to device after device (batch), or count a stock-take.
(function () {
  'use strict';
  var app = document.getElementById('scan-app');
  if (!app) return;
  var data = JSON.parse(document.getElementById('scan-data').textContent);
  var M = data.messages;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var input = document.getElementById('scan-code');
  var list = document.getElementById('scan-results');
  var earlier = document.getElementById('scan-earlier');
  var countsEl = document.getElementById('scan-counts');
  var MAX_LINES = 30;

  var plurals = new Intl.PluralRules(document.documentElement.lang || 'it');
  // ICU-style plurals as the catalogue writes them (src/i18n/format.ts#renderPlurals): {n, plural, one {# x} other {# y}}.
  function plural(template, params) {
    var out = '';
    var i = 0;
    for (;;) {
      var start = template.indexOf('{', i);
      if (start < 0) break;
      var head = /^\{(\w+), plural, /.exec(template.slice(start, start + 60));
      if (!head) {
        out += template.slice(i, start + 1);
        i = start + 1;
        continue;
      }
      out += template.slice(i, start);
      var n = Number(params ? params[head[1]] : NaN);
      var j = start + head[0].length;
      var branches = {};
      while (j < template.length && template[j] !== '}') {
        while (template[j] === ' ') j++;
        var open = template.indexOf('{', j);
        if (open < 0) return out + template.slice(start);
        var depth = 1;
        var k = open + 1;
        while (k < template.length && depth > 0) {
          if (template[k] === '{') depth++;
          else if (template[k] === '}') depth--;
          k++;
        }
        branches[template.slice(j, open).trim()] = template.slice(open + 1, k - 1);
        j = k;
        while (template[j] === ' ') j++;
      }
      var chosen = branches['=' + n] || branches[isFinite(n) ? plurals.select(n) : 'other'] || branches.other || '';
      out += chosen.replace(/#/g, String(n));
      i = j + 1;
    }
    return out + template.slice(i);
  }

  function fmt(template, params) {
    return plural(String(template || ''), params).replace(/\{(\w+)\}/g, function (whole, name) {
      if (!params || params[name] === undefined || params[name] === null) return whole;
      var v = params[name];
      if (name === 'state' && M['state.' + v]) return M['state.' + v];
      if (name === 'action' && M['action.' + v]) return M['action.' + v];
      return String(v);
    });
  }

  // ---- tags, as src/tags/tag.ts reads them (ISO 7064 MOD 37,36 check character)

  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  function checkCharacter(payload) {
    var p = 36;
    for (var i = 0; i < payload.length; i++) {
      var s = (p + ALPHABET.indexOf(payload[i])) % 36;
      if (s === 0) s = 36;
      p = (s * 2) % 37;
    }
    return ALPHABET[(37 - p) % 36];
  }
  function canonical(hub, digits, check) {
    var d = String(parseInt(digits, 10));
    while (d.length < 5) d = '0' + d;
    return checkCharacter(hub + digits) === check ? hub + '-' + d + '-' + check : null;
  }
  /** { tag } for a good tag; { error: 'mistyped' | 'malformed' } otherwise. */
  function parseTag(raw) {
    var text = String(raw).trim().slice(0, 300);
    var fromUrl = /\/d\/([^/?#\s]+)/i.exec(text);
    var candidate = fromUrl ? decodeURIComponent(fromUrl[1]) : text;
    candidate = candidate
      .toUpperCase()
      .replace(/[\s_]+/g, '')
      .replace(/[\u2010\u2011\u2013\u2014]/g, '-');
    var m = /^([A-Z]{2,5})-?(\d{5,9})-?([0-9A-Z])$/.exec(candidate);
    if (m) {
      var tag = canonical(m[1], m[2], m[3]);
      return tag ? { tag: tag } : { error: 'mistyped' };
    }
    // A scanner set for another keyboard layout turns "/" and "-" into other signs: read the letters and
    // digits at the end, and let the check character decide which hub code they spell.
    var compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
    for (var len = 5; len >= 2; len--) {
      var tail = new RegExp('([A-Z]{' + len + '})(\\d{5,9})([0-9A-Z])$').exec(compact);
      if (tail) {
        var t = canonical(tail[1], tail[2], tail[3]);
        if (t) return { tag: t };
      }
    }
    return { error: /\d{5,}/.test(compact) ? 'mistyped' : 'malformed' };
  }

  // ---- feedback: a line per scan, a sound, a vibration

  var audio = null;
  function beep(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = ok
        ? [[880, 0, 0.08]]
        : [
            [220, 0, 0.12],
            [220, 0.18, 0.12],
          ];
      tones.forEach(function (t) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = t[0];
        gain.gain.value = 0.15;
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + t[1]);
        osc.stop(audio.currentTime + t[1] + t[2]);
      });
    } catch (e) {
      /* no sound here */
    }
    if (navigator.vibrate) navigator.vibrate(ok ? 40 : [90, 60, 90]);
  }

  // The counters count devices, not scans: a device scanned twice, or refused then done, counts once, as it stands now.
  var tally = { byTag: {}, hidden: 0 };
  function updateCounts() {
    var ok = 0;
    var fail = 0;
    Object.keys(tally.byTag).forEach(function (t) {
      if (tally.byTag[t] === 'ok') ok++;
      else if (tally.byTag[t] === 'fail') fail++;
    });
    if (countsEl) countsEl.textContent = '· ' + fmt(M['scan.counts'], { ok: ok, fail: fail });
  }
  var lastEl = document.getElementById('scan-last');
  /** The latest result, in words, just above the camera: where the eyes are while scanning. */
  function showLast(li) {
    if (!lastEl) return;
    lastEl.hidden = false;
    lastEl.className = 'scan-last ' + (li.getAttribute('data-result') || '');
    lastEl.textContent = li.querySelector('.tag').textContent + ' · ' + [li.querySelector('.what').textContent, li.querySelector('.why').textContent].filter(Boolean).join(' · ');
  }
  /** Adds a result line at the top; the list keeps the last MAX_LINES, so 200 scans cost what 30 do. */
  function addLine(tag) {
    var li = document.createElement('li');
    li.className = 'pending';
    li.setAttribute('data-tag', tag || '');
    li.innerHTML = '<span class="mark" aria-hidden="true">…</span><span class="tag"></span><span class="what"></span><span class="why"></span>';
    li.querySelector('.tag').textContent = tag || '';
    li.querySelector('.what').textContent = M['scan.pending'];
    list.insertBefore(li, list.firstChild);
    while (list.children.length > MAX_LINES) {
      list.removeChild(list.lastChild);
      tally.hidden++;
    }
    if (tally.hidden) {
      earlier.hidden = false;
      earlier.textContent = fmt(M['scan.earlier'], { count: tally.hidden });
    }
    return li;
  }
  function settle(li, kind, what, why, opts) {
    opts = opts || {};
    li.className = kind;
    li.setAttribute('data-result', kind);
    li.querySelector('.mark').textContent = kind === 'ok' ? '✓' : kind === 'warn' ? '!' : '✗';
    li.querySelector('.mark').setAttribute('aria-label', kind === 'ok' ? 'OK' : 'KO');
    li.querySelector('.what').textContent = what || '';
    li.querySelector('.why').textContent = why || '';
    if (!opts.silent) beep(kind === 'ok');
    var tag = li.getAttribute('data-tag');
    // A refused scan of a device already done stays done; anything else takes the latest answer.
    if (tag && !(kind !== 'ok' && tally.byTag[tag] === 'ok')) tally.byTag[tag] = kind === 'ok' ? 'ok' : kind === 'warn' ? 'warn' : 'fail';
    updateCounts();
    showLast(li);
  }

  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' }).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (json) {
          return { status: res.status, json: json, replayed: res.headers.get('Idempotent-Replayed') === 'true' };
        });
    });
  }

  // Scans are handled one at a time, in the order they came: a fast scanner never races itself.
  var queue = Promise.resolve();
  function enqueue(raw) {
    var parsed = parseTag(raw);
    var li = addLine(parsed.tag || String(raw).slice(0, 60));
    if (!parsed.tag) {
      settle(li, 'fail', '', fmt(M[parsed.error === 'mistyped' ? 'tags.mistyped' : 'tags.malformed'], { tag: String(raw).trim().slice(0, 40) }));
      return;
    }
    queue = queue
      .then(function () {
        return handlers[mode()](parsed.tag, li);
      })
      .catch(function () {
        settle(li, 'fail', '', M['scan.network']);
      });
  }

  // ---- modes

  var batch = null;
  function mode() {
    if (app.getAttribute('data-mode') === 'stocktake') return 'stocktake';
    return batch ? 'batch' : 'open';
  }

  var handlers = {
    open: function (tag, li) {
      return api('GET', '/api/v1/scan/resolve?code=' + encodeURIComponent(tag)).then(function (r) {
        // A device or one of the hub's own assets: /d/<TAG> opens either.
        if (r.status === 200 && (r.json.kind === 'device' || r.json.kind === 'asset')) {
          settle(li, 'ok', fmt(M['scan.opening'], { tag: tag }), '', { silent: false });
          window.location.assign('/d/' + encodeURIComponent(tag));
          return;
        }
        if (r.status === 200 && r.json.kind === 'blank') {
          settle(li, 'warn', fmt(M[r.json.claimed ? 'scan.blank.claimed' : 'scan.blank'], { hub: r.json.hubName }), '');
          if (!r.json.claimed) {
            var a = document.createElement('a');
            a.href = '/donations/new?tag=' + encodeURIComponent(tag);
            a.textContent = M['scan.blank.register'];
            li.appendChild(a);
          }
          return;
        }
        settle(li, 'fail', '', r.json.error || M['scan.network']);
      });
    },
    batch: function (tag, li) {
      var b = batch;
      var n = b.rescans[tag] || 0;
      var body = Object.assign({}, b.fields, { idempotencyKey: 'b-' + b.id + '-' + tag + (n ? '-' + n : '') });
      // Actions on the hub's own equipment ("asset-lend", "asset-return") go to the assets' API.
      var asset = /^asset-/.test(b.fields.action);
      if (asset) body.action = b.fields.action.slice(6);
      var path = asset ? '/api/v1/assets/' : '/api/v1/devices/';
      return api('POST', path + encodeURIComponent(tag) + '/actions', body).then(function (r) {
        if (r.status === 200) {
          var what = M['state.' + r.json.state] || r.json.state;
          settle(li, 'ok', what, r.replayed || r.json.replayed ? M['scan.replayed'] : '');
          if (data.undoable.indexOf(b.fields.action) >= 0 && !(r.replayed || r.json.replayed)) addUndo(li, tag, r.json.version, b);
          return;
        }
        settle(li, 'fail', '', r.json.error || M['scan.network']);
      });
    },
    stocktake: function (tag, li) {
      return api('POST', '/api/v1/stocktakes/' + data.stocktake + '/scans', { code: tag }).then(function (r) {
        if (r.status !== 200) {
          settle(li, 'fail', '', r.json.error || M['scan.network']);
          return;
        }
        var j = r.json;
        var why = '';
        if (j.status === 'unexpected') {
          var thing = j.device || j.asset;
          why = fmt(M['scan.stocktake.reason.' + j.reason], { hub: thing ? thing.hubName : '', state: thing ? thing.state : '' });
        } else if (j.incoming) why = M['scan.stocktake.incoming'];
        if (j.duplicate) why = (why ? why + ' · ' : '') + M['scan.duplicate'];
        settle(li, j.status === 'found' ? 'ok' : 'warn', M[j.status === 'found' ? 'scan.found' : 'scan.unexpected'], why);
        var summary = document.getElementById('stocktake-summary');
        if (summary) summary.textContent = fmt(M['scan.stocktake.summary'], j.counts);
        placeInLists(tag, j, why);
      });
    },
  };

  /** A stock-take's lists follow each scan: the thing leaves "missing" and joins "found" or "unexpected", in its own section. */
  function placeInLists(tag, j, why) {
    var where = j.status === 'found' ? 'found' : 'unexpected';
    var target = document.getElementById(where + '-' + (j.kind === 'asset' ? 'asset' : 'device')) || document.getElementById(where + '-device');
    if (!target) return;
    document.querySelectorAll('.stocktake-list li[data-tag="' + tag + '"]').forEach(function (el) {
      if (el.parentNode !== target) el.remove();
    });
    if (!target.querySelector('li[data-tag="' + tag + '"]')) {
      var thing = j.device || j.asset;
      var item = document.createElement('li');
      item.setAttribute('data-tag', tag);
      var a = document.createElement('a');
      a.className = 'tag';
      a.href = '/d/' + encodeURIComponent(tag);
      a.textContent = tag;
      item.appendChild(a);
      var words = [thing ? [thing.brand, thing.model].filter(Boolean).join(' ') : '', thing ? M['state.' + thing.state] || '' : '', why].filter(Boolean);
      item.appendChild(document.createTextNode(words.length ? ' ' + words.join(' · ') : ''));
      target.insertBefore(item, target.firstChild);
    }
    document.querySelectorAll('[data-count]').forEach(function (span) {
      var list = document.getElementById(span.getAttribute('data-count'));
      if (list) span.textContent = String(list.children.length);
    });
  }

  function addUndo(li, tag, seq, b) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = M['scan.undo'];
    button.addEventListener('click', function () {
      button.disabled = true;
      queue = queue.then(function () {
        return api('POST', '/api/v1/scan/undo', { tag: tag, seq: seq }).then(function (r) {
          if (r.status === 200) {
            li.classList.add('undone');
            li.querySelector('.why').textContent = M['scan.undone'];
            button.remove();
            b.rescans[tag] = (b.rescans[tag] || 0) + 1;
            delete tally.byTag[tag];
            updateCounts();
            showLast(li);
            beep(true);
          } else {
            li.querySelector('.why').textContent = r.json.error || M['scan.network'];
            button.disabled = false;
            beep(false);
          }
          input.focus();
        });
      });
    });
    li.appendChild(button);
  }

  // ---- the code box: a wedge scanner types the code and Enter, as a person would

  document.getElementById('scan-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var raw = input.value;
    input.value = '';
    if (raw.trim()) enqueue(raw);
    input.focus();
  });

  // ---- batch set-up

  var batchForm = document.getElementById('batch-form');
  if (batchForm) {
    var setup = document.getElementById('batch-setup');
    var running = document.getElementById('batch-running');
    var actionSelect = document.getElementById('batch-action');
    var showFields = function () {
      batchForm.querySelectorAll('[data-action-fields]').forEach(function (el) {
        var on = el.getAttribute('data-action-fields') === actionSelect.value;
        el.hidden = !on;
        el.querySelectorAll('input, select, textarea').forEach(function (f) {
          f.disabled = !on;
        });
      });
    };
    actionSelect.addEventListener('change', showFields);
    showFields();
    batchForm.addEventListener('change', function (e) {
      if (e.target.name === 'mode') setup.hidden = e.target.value !== 'batch';
    });
    batchForm.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!batchForm.reportValidity()) return;
      var fields = {};
      new FormData(batchForm).forEach(function (value, key) {
        if (key !== 'mode' && String(value).trim() !== '') fields[key] = String(value);
      });
      var rnd = new Uint8Array(6);
      crypto.getRandomValues(rnd);
      batch = {
        id: Array.prototype.map
          .call(rnd, function (x) {
            return ('0' + x.toString(16)).slice(-2);
          })
          .join(''),
        fields: fields,
        rescans: {},
      };
      var summary = actionSelect.options[actionSelect.selectedIndex].text;
      var detail = describeFields();
      document.getElementById('batch-summary').textContent = fmt(M['scan.batch.running'], { summary: summary + (detail ? ' · ' + detail : '') });
      setup.hidden = true;
      batchForm.querySelector('fieldset').hidden = true;
      running.hidden = false;
      beep(true);
      input.focus();
    });
    /** What the batch will record, in words: each field's label and the chosen answer's label, never raw values. */
    /** A label's words, without the "required" star. */
    var words = function (el) {
      var copy = el.cloneNode(true);
      copy.querySelectorAll('.req').forEach(function (r) {
        r.remove();
      });
      return copy.textContent.trim();
    };
    var describeFields = function () {
      var shown = batchForm.querySelector('[data-action-fields="' + actionSelect.value + '"]');
      var parts = [];
      if (!shown) return '';
      shown.querySelectorAll('fieldset').forEach(function (fs) {
        var checked = fs.querySelector('input[type="radio"]:checked');
        var legend = fs.querySelector('legend');
        if (!checked || !legend) return;
        var label = batchForm.querySelector('label[for="' + checked.id + '"]');
        parts.push(words(legend) + ': ' + (label ? words(label) : checked.value));
      });
      shown.querySelectorAll('input:not([type="radio"]):not([type="checkbox"]), select').forEach(function (f) {
        var value = f.tagName === 'SELECT' ? (f.options[f.selectedIndex] || {}).text : f.value;
        var label = batchForm.querySelector('label[for="' + f.id + '"]');
        if (value && String(value).trim() && label) parts.push(words(label) + ': ' + String(value).trim());
      });
      return parts.join(' · ');
    };
    document.getElementById('batch-stop').addEventListener('click', function () {
      batch = null;
      running.hidden = true;
      setup.hidden = false;
      batchForm.querySelector('fieldset').hidden = false;
      input.focus();
    });
  }

  // ---- the camera

  var video = document.getElementById('camera-video');
  var toggle = document.getElementById('camera-toggle');
  var status = document.getElementById('camera-status');
  var stream = null;
  var detect = null;
  var last = { code: '', at: 0 };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function makeDetector() {
    var wanted = ['qr_code', 'code_128'];
    var native =
      'BarcodeDetector' in window
        ? window.BarcodeDetector.getSupportedFormats().then(function (formats) {
            var usable = wanted.filter(function (f) {
              return formats.indexOf(f) >= 0;
            });
            if (usable.indexOf('qr_code') < 0) return null;
            var d = new window.BarcodeDetector({ formats: usable });
            return function (source) {
              return d.detect(source).then(function (found) {
                return found.map(function (b) {
                  return b.rawValue;
                });
              });
            };
          })
        : Promise.resolve(null);
    return native
      .catch(function () {
        return null;
      })
      .then(function (fn) {
        if (fn) return fn;
        // No BarcodeDetector: the bundled decoder, its WebAssembly served by this app.
        return loadScript(app.getAttribute('data-zxing')).then(function () {
          var wasm = app.getAttribute('data-wasm');
          window.ZXingWASM.prepareZXingModule({
            overrides: {
              locateFile: function (path, prefix) {
                return path.slice(-5) === '.wasm' ? wasm : prefix + path;
              },
            },
            fireImmediately: true,
          });
          var canvas = document.createElement('canvas');
          var ctx = canvas.getContext('2d', { willReadFrequently: true });
          return function (source) {
            canvas.width = source.videoWidth;
            canvas.height = source.videoHeight;
            if (!canvas.width) return Promise.resolve([]);
            ctx.drawImage(source, 0, 0);
            var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
            return window.ZXingWASM.readBarcodes(image, { formats: ['QRCode', 'Code128'], tryHarder: true, maxNumberOfSymbols: 1 }).then(function (found) {
              return found
                .filter(function (b) {
                  return b.isValid;
                })
                .map(function (b) {
                  return b.text;
                });
            });
          };
        });
      });
  }

  function tick() {
    if (!stream) return;
    detect(video)
      .then(function (codes) {
        var code = codes[0];
        var now = Date.now();
        // The same label held in front of the camera is one scan, not one per frame.
        if (code && (code !== last.code || now - last.at > 3000)) {
          last = { code: code, at: now };
          enqueue(code);
        } else if (code) last.at = now;
      })
      .catch(function () {})
      .then(function () {
        if (stream) setTimeout(tick, 150);
      });
  }

  function stopCamera() {
    if (stream)
      stream.getTracks().forEach(function (t) {
        t.stop();
      });
    stream = null;
    video.hidden = true;
    toggle.textContent = M['scan.camera.start'];
  }

  if (toggle) {
    toggle.addEventListener('click', function () {
      if (stream) return stopCamera();
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        status.textContent = M['scan.camera.unavailable'];
        return;
      }
      status.textContent = M['scan.camera.loading'];
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          toggle.textContent = M['scan.camera.stop'];
          return video.play();
        })
        .then(function () {
          return (
            detect ||
            makeDetector().then(function (fn) {
              detect = fn;
            })
          );
        })
        .then(function () {
          status.textContent = '';
          tick();
        })
        .catch(function () {
          stopCamera();
          status.textContent = M['scan.camera.unavailable'];
        });
    });
  }

  // Lines the server already showed (a stock-take's scans, after a reload) count as they stand.
  list.querySelectorAll('li[data-tag]').forEach(function (li) {
    var t = li.getAttribute('data-tag');
    if (t && !tally.byTag[t]) tally.byTag[t] = li.getAttribute('data-result') || 'ok';
  });
  updateCounts();
})();
