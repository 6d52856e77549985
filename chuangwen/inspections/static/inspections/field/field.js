// The checklist on a phone with weak signal. Every answer shows at once and goes into an outbox
// kept in IndexedDB (photos as Blobs), which is sent in order, one request at a time; a failed
// request is retried with backoff and at once when the browser comes back online. A reload keeps
// and sends what was not sent. The server makes every request safe to repeat, so a retry after a
// lost response does no harm. Submission is the outbox's last entry: it goes once all else has.
(function () {
  "use strict";
  var app = document.getElementById("field-app");
  if (!app) {
    return;
  }
  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }
  var S = readJson("field-strings");
  var URLS = readJson("field-urls");
  var VISIT = Number(app.dataset.visit);
  var CSRF = app.dataset.csrf;
  var SITE = { lat: parseFloat(app.dataset.siteLat), lng: parseFloat(app.dataset.siteLng) };
  var THRESHOLD = Number(app.dataset.threshold);
  var MAX_PHOTOS = Number(app.dataset.maxPhotos);
  var MAX_COUNT = Number(app.dataset.maxCount);
  var DELAYS = [2, 4, 8, 15, 30, 60];

  var cards = {};
  document.querySelectorAll(".item-card").forEach(function (card) { cards[card.dataset.item] = card; });
  var ITEMS = Object.keys(cards);

  var answers = {};    // item id -> {verdict, count, note, by, pending}
  var photos = {};     // item id -> [{client_id, src, href, pending}]
  var objectUrls = {}; // client id -> object URL of a photo not yet uploaded
  var submitting = false;

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, key) { return key in values ? String(values[key]) : m; });
  }
  function $(selector, root) { return (root || document).querySelector(selector); }

  // ---- the outbox: IndexedDB, or memory where the browser has none --------------------------
  var Outbox = (function () {
    var NAME = "chuangwen-field";
    var STORE = "outbox";
    var memory = [];
    var memoryId = 0;
    var opening = null;

    function open() {
      if (!opening) {
        opening = new Promise(function (resolve) {
          var req;
          try {
            req = window.indexedDB.open(NAME, 1);
          } catch (e) {
            resolve(null);
            return;
          }
          req.onupgradeneeded = function () {
            req.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
          };
          req.onsuccess = function () { resolve(req.result); };
          req.onerror = function () { resolve(null); };
        });
      }
      return opening;
    }
    function run(db, mode, action) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var req = action(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(req.result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    }
    return {
      add: function (record) {
        return open().then(function (db) {
          if (!db) {
            record.id = ++memoryId;
            memory.push(record);
            return record.id;
          }
          return run(db, "readwrite", function (store) { return store.add(record); });
        });
      },
      all: function () {
        return open().then(function (db) {
          if (!db) {
            return memory.slice();
          }
          return run(db, "readonly", function (store) { return store.getAll(); });
        }).then(function (records) { return records.sort(function (a, b) { return a.id - b.id; }); });
      },
      remove: function (id) {
        return open().then(function (db) {
          if (!db) {
            memory = memory.filter(function (r) { return r.id !== id; });
            return;
          }
          return run(db, "readwrite", function (store) { return store.delete(id); });
        });
      },
    };
  })();

  // ---- the state shown: the server's, with what is still in the outbox on top ----------------
  function fromServer(state) {
    answers = {};
    photos = {};
    Object.keys(state.answers).forEach(function (item) {
      var a = state.answers[item];
      answers[item] = { verdict: a.verdict, count: a.count, note: a.note, by: a.answered_by, pending: false };
    });
    state.photos.forEach(function (p) {
      (photos[p.item] = photos[p.item] || []).push({ client_id: p.client_id, src: p.thumb, href: p.url, pending: false });
    });
    if (state.position) {
      showPosition(state.position, false);
    }
  }

  function overlay(records) {
    records.forEach(function (r) {
      if (r.visit !== VISIT) {
        return;
      }
      if (r.kind === "answer") {
        answers[r.item] = { verdict: r.body.verdict, count: r.body.count, note: r.body.note, pending: true };
      } else if (r.kind === "photo") {
        var list = photos[r.item] = photos[r.item] || [];
        if (!list.some(function (p) { return p.client_id === r.fields.client_id; })) {
          if (!objectUrls[r.fields.client_id]) {
            objectUrls[r.fields.client_id] = URL.createObjectURL(r.blob);
          }
          list.push({ client_id: r.fields.client_id, src: objectUrls[r.fields.client_id], pending: true });
        }
      } else if (r.kind === "submit") {
        lock(true);
      }
    });
  }

  // ---- drawing --------------------------------------------------------------------------------
  function renderItem(item) {
    var card = cards[item];
    var a = answers[item];
    var verdict = a ? a.verdict : "";
    card.querySelectorAll(".btn-verdict").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.verdict === verdict));
    });
    card.classList.toggle("answered", !!verdict);
    card.classList.toggle("failed", verdict === "fail");
    card.classList.toggle("na", verdict === "na");
    if (verdict) {
      card.classList.remove("missing");
    }
    var stepper = $(".count-stepper", card);
    if (stepper) {
      stepper.hidden = verdict !== "fail";
      var input = $(".count-input", card);
      if (document.activeElement !== input) {
        input.value = a && a.count ? a.count : 1;
      }
    }
    var note = $(".note-input", card);
    if (a && document.activeElement !== note && !timers[item]) {
      note.value = a.note || "";
    }
    $(".item-meta", card).textContent = a && a.by && !a.pending ? fmt(S.answered_by, { who: a.by }) : "";
    renderThumbs(item);
  }

  function renderThumbs(item) {
    var box = $(".thumbs", cards[item]);
    box.textContent = "";
    (photos[item] || []).forEach(function (p) {
      var wrap = document.createElement(p.href ? "a" : "span");
      wrap.className = "thumb-wrap" + (p.pending ? " pending" : "");
      if (p.href) {
        wrap.href = p.href;
        wrap.target = "_blank";
        wrap.rel = "noopener";
      }
      wrap.dataset.label = S.photo_pending;
      wrap.dataset.clientId = p.client_id;
      var img = document.createElement("img");
      img.src = p.src;
      img.alt = "";
      wrap.appendChild(img);
      box.appendChild(wrap);
    });
  }

  function renderProgress() {
    var done = ITEMS.filter(function (item) { return answers[item] && answers[item].verdict; }).length;
    $("#progress-text").textContent = fmt(S.progress, { a: done, t: ITEMS.length });
    $("#progress-bar").style.width = (ITEMS.length ? (100 * done) / ITEMS.length : 0) + "%";
    $("#progress").setAttribute("aria-valuenow", String(done));
  }

  function renderAll() {
    ITEMS.forEach(renderItem);
    renderProgress();
  }

  function showItemError(item, message) {
    var box = $(".item-error", cards[item]);
    box.textContent = message || "";
    box.hidden = !message;
  }

  var bar = $("#sync-bar");
  function setMessage(text) { $("#sync-message").textContent = text || ""; }
  function showPending(records) {
    var n = records.length;
    var counter = $("#pending-count");
    counter.dataset.count = String(n);
    counter.textContent = n ? fmt(S.pending, { n: n }) : S.synced;
    bar.classList.toggle("pending", n > 0);
    bar.classList.toggle("offline", !navigator.onLine);
    if (!n && navigator.onLine) {
      setMessage("");
    }
  }

  function lock(on) {
    submitting = on;
    app.classList.toggle("locked", on);
    $("#submit-button").disabled = on;
    if (on) {
      setMessage(navigator.onLine ? S.submitting : S.submit_queued);
    }
  }

  // ---- sending ----------------------------------------------------------------------------------
  var pumping = false;
  var again = false;
  var retryTimer = null;
  var failures = 0;
  var inflight = null;
  var reloadWhenDone = false;
  var chain = Promise.resolve();

  function kick() {
    again = true;
    if (!pumping) {
      pump();
    }
  }

  function pump() {
    pumping = true;
    again = false;
    drain().catch(function () { scheduleRetry(); }).then(function () {
      pumping = false;
      if (again && !retryTimer) {
        kick();
      }
    });
  }

  function drain() {
    clearTimeout(retryTimer);
    retryTimer = null;
    return Outbox.all().then(function (records) {
      showPending(records);
      if (!records.length) {
        failures = 0;
        return drained();
      }
      var record = records[0];
      inflight = record.id;
      return send(record).then(function (outcome) {
        inflight = null;
        if (outcome === "retry") {
          scheduleRetry();
          return null;
        }
        failures = 0;
        return Outbox.remove(record.id).then(function () {
          if (reloadWhenDone) {
            window.location.reload();
            return null;
          }
          return drain();
        });
      });
    });
  }

  function scheduleRetry() {
    var delay = DELAYS[Math.min(failures, DELAYS.length - 1)];
    failures += 1;
    setMessage(navigator.onLine ? fmt(S.retrying, { s: delay }) : S.offline);
    bar.classList.toggle("offline", !navigator.onLine);
    clearTimeout(retryTimer);
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      kick();
    }, delay * 1000);
  }

  function request(record) {
    var init = { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": CSRF, Accept: "application/json" } };
    if (record.kind === "photo") {
      var form = new FormData();
      Object.keys(record.fields).forEach(function (key) {
        if (record.fields[key] !== null && record.fields[key] !== undefined) {
          form.append(key, record.fields[key]);
        }
      });
      form.append("photo", record.blob, record.filename || "photo.jpg");
      init.body = form;
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(record.body);
    }
    var controller = window.AbortController ? new AbortController() : null;
    if (controller) {
      init.signal = controller.signal;
      window.setTimeout(function () { controller.abort(); }, record.kind === "photo" ? 120000 : 30000);
    }
    return fetch(record.url, init);
  }

  function send(record) {
    return request(record).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.status >= 500 || response.status === 429) {
        return "retry";
      }
      if (response.status === 413) {
        return outcomeError(record, 413, { error: S.too_large });
      }
      if (!isJson || response.redirected) {
        setMessage(S.expired);  // the login page or a CSRF refusal: keep the entry for later
        return "retry";
      }
      return response.json().then(function (data) {
        if (response.ok) {
          return applied(record, data).then(function () { return "done"; });
        }
        return outcomeError(record, response.status, data);
      });
    }, function () { return "retry"; });
  }

  function newerAnswer(record) {
    return Outbox.all().then(function (records) {
      return records.some(function (r) { return r.id > record.id && r.kind === "answer" && r.visit === record.visit && r.item === record.item; });
    });
  }

  function applied(record, data) {
    if (record.visit !== VISIT) {
      return Promise.resolve();
    }
    if (record.kind === "answer") {
      return newerAnswer(record).then(function (newer) {
        if (!newer) {
          var r = data.result;
          answers[r.item] = { verdict: r.verdict, count: r.count, note: r.note, by: r.answered_by, pending: false };
          showItemError(r.item, "");
          renderItem(String(r.item));
          renderProgress();
        }
      });
    }
    if (record.kind === "photo") {
      var p = data.photo;
      (photos[p.item] || []).forEach(function (entry) {
        if (entry.client_id === p.client_id) {
          entry.src = p.thumb;
          entry.href = p.url;
          entry.pending = false;
        }
      });
      if (objectUrls[p.client_id]) {
        URL.revokeObjectURL(objectUrls[p.client_id]);
        delete objectUrls[p.client_id];
      }
      renderThumbs(String(p.item));
    } else if (record.kind === "position") {
      showPosition(data.position, false);
    } else if (record.kind === "submit") {
      reloadWhenDone = true;
      try {
        window.localStorage.removeItem(draftKey);
      } catch (e) { /* nothing kept */ }
    }
    return Promise.resolve();
  }

  function outcomeError(record, status, data) {
    var message = (data && data.error) || "";
    if (record.visit !== VISIT) {
      setMessage(message);
      return "done";
    }
    if (record.kind === "answer" || record.kind === "photo") {
      showItemError(record.item, message);
      if (record.kind === "photo") {
        photos[record.item] = (photos[record.item] || []).filter(function (p) { return p.client_id !== record.fields.client_id; });
        renderThumbs(String(record.item));
      }
    } else if (record.kind === "position") {
      $("#position-text").textContent = message;
    } else if (record.kind === "submit") {
      lock(false);
      showSubmitError(message, (data && data.missing) || []);
    }
    if (status === 409) {
      setMessage(message);
    }
    return "done";
  }

  function drained() {
    if (reloadWhenDone) {
      window.location.reload();
      return null;
    }
    return refresh();
  }

  // ---- the server's state, again: the partner's answers, a submission from the other phone -----
  var lastRefresh = Date.now();  // the page came with the server's state
  function refresh() {
    if (submitting || Object.keys(timers).length || Date.now() - lastRefresh < 30000) {
      return Promise.resolve();
    }
    lastRefresh = Date.now();
    return fetch(URLS.visit_state, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          return null;
        }
        return response.json();
      })
      .then(function (state) {
        if (!state) {
          return null;
        }
        if (state.visit.submitted) {
          window.location.reload();
          return null;
        }
        return Outbox.all().then(function (records) {
          fromServer(state);
          overlay(records);
          renderAll();
        });
      })
      .catch(function () { return null; });
  }

  // ---- putting things in the outbox ---------------------------------------------------------------
  function enqueue(record, replaces) {
    record.visit = VISIT;
    record.created = new Date().toISOString();
    chain = chain.then(function () {
      return Outbox.all().then(function (records) {
        var stale = records.filter(function (r) { return r.id !== inflight && replaces && replaces(r); });
        return Promise.all(stale.map(function (r) { return Outbox.remove(r.id); }));
      }).then(function () { return Outbox.add(record); });
    }).then(kick, function () {
      setMessage(S.storage_failed);
    });
    return chain;
  }

  var timers = {};
  function queueAnswer(item) {
    clearTimeout(timers[item]);
    delete timers[item];
    var a = answers[item];
    if (!a || !a.verdict) {
      return;
    }
    var body = { item: Number(item), verdict: a.verdict, count: a.verdict === "fail" ? a.count || 1 : 0, note: a.note || "", client_at: new Date().toISOString() };
    enqueue({ kind: "answer", item: Number(item), url: URLS.answer, body: body }, function (r) {
      return r.visit === VISIT && r.kind === "answer" && r.item === Number(item);
    });
  }
  function queueLater(item, ms) {
    clearTimeout(timers[item]);
    timers[item] = window.setTimeout(function () { queueAnswer(item); }, ms);
  }

  function noteOf(item) { return $(".note-input", cards[item]).value.trim(); }

  function setVerdict(item, verdict) {
    var before = answers[item] || {};
    var counts = cards[item].dataset.counts === "1";
    var count = verdict === "fail" && counts ? (before.verdict === "fail" && before.count ? before.count : 1) : 0;
    answers[item] = { verdict: verdict, count: count, note: noteOf(item), pending: true };
    showItemError(item, "");
    renderItem(item);
    renderProgress();
    queueAnswer(item);
  }

  function setCount(item, value) {
    var a = answers[item];
    if (!a || a.verdict !== "fail") {
      return;
    }
    a.count = Math.max(1, Math.min(MAX_COUNT, Math.round(Number(value)) || 1));
    a.pending = true;
    renderItem(item);
    queueLater(item, 700);
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function addPhotos(item, files) {
    Array.prototype.forEach.call(files, function (file) {
      var list = photos[item] = photos[item] || [];
      if (list.length >= MAX_PHOTOS) {
        showItemError(item, S.too_many_photos);
        return;
      }
      var clientId = uuid();
      objectUrls[clientId] = URL.createObjectURL(file);
      list.push({ client_id: clientId, src: objectUrls[clientId], pending: true });
      renderThumbs(item);
      // The bytes are copied into the outbox: a camera's temporary file may be gone after a reload.
      (file.arrayBuffer ? file.arrayBuffer() : new Response(file).arrayBuffer()).then(function (bytes) {
        var blob = new Blob([bytes], { type: file.type || "image/jpeg" });
        enqueue({
          kind: "photo", item: Number(item), url: URLS.visit_photo, blob: blob, filename: file.name,
          fields: { item: item, client_id: clientId, lat: fix ? fix.lat : null, lng: fix ? fix.lng : null },
        });
      });
    });
  }

  // ---- position -------------------------------------------------------------------------------------
  var fix = null;
  function metres(lat1, lng1, lat2, lng2) {
    var rad = Math.PI / 180;
    var a = Math.pow(Math.sin(((lat2 - lat1) * rad) / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(((lng2 - lng1) * rad) / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function showPosition(p, local) {
    var text = $("#position-text");
    var warning = $("#position-warning");
    if (p.distance_m === null || p.distance_m === undefined) {
      return;
    }
    var d = Math.round(p.distance_m);
    text.textContent = fmt(S.located, { d: d, a: p.accuracy_m === null || p.accuracy_m === undefined ? "?" : Math.round(p.accuracy_m) });
    text.classList.remove("text-danger");
    text.dataset.local = local ? "1" : "0";
    warning.hidden = !p.far;
    warning.textContent = p.far ? fmt(S.far, { d: d, t: THRESHOLD }) : "";
  }

  function located(pos) {
    fix = { lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)), accuracy: Math.round(pos.coords.accuracy) };
    var d = isNaN(SITE.lat) ? null : metres(fix.lat, fix.lng, SITE.lat, SITE.lng);
    showPosition({ distance_m: d, accuracy_m: fix.accuracy, far: d !== null && d > THRESHOLD }, true);
    enqueue({ kind: "position", url: URLS.position, body: fix }, function (r) { return r.visit === VISIT && r.kind === "position"; });
  }

  function notLocated(error) {
    var why = { 1: S.geo_denied, 2: S.geo_unavailable, 3: S.geo_timeout }[error && error.code] || (error && error.message) || "";
    var text = $("#position-text");
    text.textContent = fmt(S.no_geo, { why: why });
    text.classList.add("text-danger");
  }

  function locate(fresh) {
    if (!navigator.geolocation) {
      notLocated({ message: S.geo_unsupported });
      return;
    }
    $("#position-text").textContent = S.locating;
    var options = { enableHighAccuracy: true, timeout: 20000, maximumAge: fresh === true ? 0 : 30000 };
    navigator.geolocation.getCurrentPosition(located, notLocated, options);
  }

  // ---- submitting -----------------------------------------------------------------------------------
  function showSubmitError(message, missing) {
    var box = $("#submit-error");
    box.textContent = message || "";
    box.hidden = !message;
    missing.forEach(function (item) {
      if (cards[item]) {
        cards[item].classList.add("missing");
      }
    });
    if (missing.length && cards[missing[0]]) {
      cards[missing[0]].scrollIntoView({ behavior: "smooth", block: "center" });
    }
  }

  function askToSubmit() {
    var missing = ITEMS.filter(function (item) { return !(answers[item] && answers[item].verdict); });
    if (missing.length) {
      showSubmitError(fmt(S.missing, { n: missing.length }), missing);
      return;
    }
    showSubmitError("", []);
    var list = $("#confirm-failed");
    list.textContent = "";
    ITEMS.forEach(function (item) {
      var a = answers[item];
      if (a.verdict === "fail") {
        var li = document.createElement("li");
        li.textContent = cards[item].dataset.text + (a.count > 1 ? fmt(S.count_suffix, { n: a.count }) : "");
        list.appendChild(li);
      }
    });
    if (!list.children.length) {
      var none = document.createElement("li");
      none.className = "list-unstyled text-muted";
      none.textContent = S.no_failed;
      list.appendChild(none);
    }
    window.bootstrap.Modal.getOrCreateInstance($("#confirm-modal")).show();
  }

  function confirmSubmit() {
    window.bootstrap.Modal.getOrCreateInstance($("#confirm-modal")).hide();
    ITEMS.forEach(function (item) {
      if (timers[item]) {
        queueAnswer(item);
      }
    });
    lock(true);
    enqueue({ kind: "submit", url: URLS.submit, body: { notes: $("#visit-notes").value } });
  }

  // ---- wiring -----------------------------------------------------------------------------------------
  var checklist = $("#checklist");
  checklist.addEventListener("click", function (event) {
    var card = event.target.closest(".item-card");
    if (!card || submitting) {
      return;
    }
    var item = card.dataset.item;
    var verdictButton = event.target.closest(".btn-verdict");
    if (verdictButton) {
      setVerdict(item, verdictButton.dataset.verdict);
      return;
    }
    var step = event.target.closest(".step-button");
    if (step) {
      setCount(item, ((answers[item] && answers[item].count) || 1) + Number(step.dataset.step));
    }
  });
  checklist.addEventListener("input", function (event) {
    var card = event.target.closest(".item-card");
    if (!card) {
      return;
    }
    var item = card.dataset.item;
    if (event.target.classList.contains("note-input")) {
      if (answers[item] && answers[item].verdict) {
        answers[item].note = event.target.value.trim();
        answers[item].pending = true;
        queueLater(item, 1000);
      } else {
        showItemError(item, S.verdict_first);
      }
    }
  });
  checklist.addEventListener("change", function (event) {
    var card = event.target.closest(".item-card");
    if (!card) {
      return;
    }
    var item = card.dataset.item;
    if (event.target.classList.contains("count-input")) {
      setCount(item, event.target.value);
    } else if (event.target.classList.contains("note-input") && timers[item]) {
      queueAnswer(item);
    } else if (event.target.classList.contains("photo-input")) {
      addPhotos(item, event.target.files);
      event.target.value = "";
    }
  });
  $("#locate-button").addEventListener("click", function () { locate(true); });
  // The visit's own notes go with the submission; until then a draft survives a reload.
  var notes = $("#visit-notes");
  var draftKey = "chuangwen-field-notes-" + VISIT;
  try {
    if (!notes.value && window.localStorage.getItem(draftKey)) {
      notes.value = window.localStorage.getItem(draftKey);
    }
    notes.addEventListener("input", function () { window.localStorage.setItem(draftKey, notes.value); });
  } catch (e) { /* storage refused: the notes stay on the page only */ }
  $("#submit-button").addEventListener("click", askToSubmit);
  $("#confirm-submit").addEventListener("click", confirmSubmit);
  window.addEventListener("online", function () {
    failures = 0;
    bar.classList.remove("offline");
    kick();
  });
  window.addEventListener("offline", function () {
    bar.classList.add("offline");
    setMessage(S.offline);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      kick();
    }
  });
  window.setInterval(function () {
    if (!pumping && !retryTimer) {
      kick();
    }
  }, 60000);

  fromServer(readJson("visit-state"));
  Outbox.all().then(function (records) {
    overlay(records);
    renderAll();
    showPending(records);
    kick();
    if (!submitting) {
      locate();
    }
  }, function () {
    renderAll();
    locate();
  });
})();
