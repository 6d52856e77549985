/* The big screen (大屏): a clock, and every refreshSeconds the figures, charts, lists and map
 * fetched again. A failed fetch keeps what is shown and says since when; a lost session (the
 * server answers with a redirect to the login page) says so, and it keeps trying. */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  var data = readJson("overview-data"), text = readJson("overview-text");
  var urls = readJson("overview-urls"), config = readJson("map-config"), screen = readJson("screen-config");
  var lang = document.documentElement.lang || "zh-hans";
  var fmt = window.CwOverviewMap ? window.CwOverviewMap.format : function (t, v) { return t.replace("%s", v); };
  var charts = null, map = null, lastGood = data.generated_label, refreshes = 0;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* The clock shows the city's time (settings.TIME_ZONE), whatever the display's own zone. */
  function clockParts(now) {
    var found = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: screen.timeZone, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
      }).formatToParts(now).forEach(function (p) { found[p.type] = p.value; });
      found.weekday = now.toLocaleDateString(lang, { weekday: "long", timeZone: screen.timeZone });
    } catch (e) {
      found = { year: now.getFullYear(), month: pad(now.getMonth() + 1), day: pad(now.getDate()),
                hour: pad(now.getHours()), minute: pad(now.getMinutes()), second: pad(now.getSeconds()), weekday: "" };
    }
    return found;
  }

  function tick() {
    var p = clockParts(new Date());
    document.getElementById("clock-time").textContent = p.hour + ":" + p.minute + ":" + p.second;
    document.getElementById("clock-date").textContent = p.year + "-" + p.month + "-" + p.day + " " + p.weekday;
  }

  function figureText(key, figures, current) {
    if (key === "score") {
      var scores = current.scores.scores;
      return scores.length ? scores[scores.length - 1].toFixed(2) : "—";
    }
    if (key === "on_time_rate") return figures.on_time_rate === null ? "—" : figures.on_time_rate.toFixed(1);
    return String(figures[key]);
  }

  function updateFigures(current) {
    document.querySelectorAll("[data-figure]").forEach(function (node) {
      var value = figureText(node.getAttribute("data-figure"), current.figures, current);
      if (node.textContent !== value) {
        node.textContent = value;
        node.classList.remove("changed");
        void node.offsetWidth; // restart the animation
        node.classList.add("changed");
      }
    });
  }

  function updateOverdue(rows) {
    var list = document.getElementById("overdue-units");
    list.textContent = "";
    if (!rows.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = text.noOverdue;
      list.appendChild(empty);
      return;
    }
    rows.forEach(function (row) {
      var li = document.createElement("li");
      [["name", row.name], ["days", fmt(text.days, row.days)], ["count", String(row.count)]].forEach(function (part) {
        var span = document.createElement("span");
        span.className = part[0];
        span.textContent = part[1];
        li.appendChild(span);
      });
      list.appendChild(li);
    });
  }

  function setStatus(kind, message, stamp) {
    var node = document.getElementById("updated");
    node.className = "updated" + (kind ? " " + kind : "");
    node.textContent = message;
    if (stamp) node.setAttribute("data-updated", stamp);
    document.body.setAttribute("data-refreshes", refreshes);
    document.body.setAttribute("data-state", kind || "ok");
  }

  function apply(current) {
    data = current;
    lastGood = current.generated_label;
    updateFigures(current);
    updateOverdue(current.overdue_units);
    document.getElementById("ranking-round").textContent = current.ranking.round || "";
    if (charts) charts.update(current);
    setStatus("", fmt(text.updated, current.generated_label), current.generated_at);
  }

  function refresh() {
    refreshes += 1;
    fetch(screen.dataUrl, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 0 || response.status === 401 || response.status === 403) {
          var expired = new Error("expired");
          expired.expired = true;
          throw expired;
        }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (current) {
        apply(current);
        if (map) map.load(urls.map);
      })
      .catch(function (error) {
        if (error && error.expired) setStatus("expired", fmt(text.expired, lastGood));
        else setStatus("stale", fmt(text.stale, lastGood));
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    var fontSize = Math.max(11, Math.round(window.innerHeight / 1080 * 15));
    if (typeof echarts !== "undefined") {
      charts = window.CwOverviewCharts.create({ dark: true, fontSize: fontSize, text: text, labelWidth: Math.round(fontSize * 7) });
      charts.update(data);
    }
    var node = document.getElementById("overview-map");
    if (node && typeof L !== "undefined") {
      var summary = document.getElementById("map-summary");
      map = window.CwOverviewMap.create(node, {
        config: config, text: text, dark: true, layersControl: false, zoomControl: false, legendPosition: "topright",
        onLoad: function (counts) {
          summary.textContent = fmt(text.count, counts.none + counts.pass + counts.fail, counts.problems);
        },
      });
      map.load(urls.map);
    }
    document.body.setAttribute("data-refreshes", "0");
    setInterval(refresh, Math.max(5, screen.refreshSeconds || 60) * 1000);
  });
})();
