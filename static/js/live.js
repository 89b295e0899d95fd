// A live coverage page: asks every few seconds, while the tab is visible,
// for entries newer than the newest one shown, and announces them with a
// button instead of moving what the reader is reading. Without JavaScript
// the page is complete; a reload shows the new entries.
(function () {
  "use strict";
  var live = document.querySelector("[data-live-poll]");
  var script = document.currentScript;
  if (!live || !live.dataset.livePoll || !window.fetch) {
    return;
  }
  var url = live.dataset.livePoll;
  var since = live.dataset.liveSince || "";
  var interval = Math.max(Number(live.dataset.liveInterval) || 20, 0.2) * 1000;
  var list = live.querySelector("[data-live-entries]");
  var notice = live.querySelector("[data-live-notice]");
  var count = live.querySelector("[data-live-count]");
  var button = live.querySelector("[data-live-show]");
  var pending = [];
  var timer = null;

  function shown(id) {
    return document.querySelector('[data-entry="' + id + '"]') !== null;
  }

  function announce() {
    if (!pending.length) {
      notice.hidden = true;
      return;
    }
    var text = pending.length === 1 ? script.dataset.newOne : script.dataset.newMany;
    count.textContent = text.replace("{count}", pending.length);
    notice.hidden = false;
  }

  function poll() {
    if (document.visibilityState !== "visible") {
      return;
    }
    var address = url + (since ? "?since=" + encodeURIComponent(since) : "");
    fetch(address, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        var fresh = data.entries.filter(function (entry) {
          return !shown(entry.id) && !pending.some(function (p) { return p.id === entry.id; });
        });
        pending = fresh.concat(pending);
        if (data.latest) {
          since = data.latest;
        }
        announce();
        if (data.state !== "live") {
          stop();
        }
      })
      .catch(function () {});
  }

  function start() {
    if (timer === null) {
      timer = window.setInterval(poll, interval);
    }
  }

  function stop() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  button.addEventListener("click", function () {
    var empty = list.querySelector(".empty");
    if (empty) {
      empty.remove();
    }
    var holder = document.createElement("div");
    var first = null;
    pending.slice().reverse().forEach(function (entry) {
      holder.innerHTML = entry.html;
      var node = holder.firstElementChild;
      list.insertBefore(node, list.firstElementChild);
      first = node;
    });
    pending = [];
    announce();
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll();
      start();
    } else {
      stop();
    }
  });
  start();
})();
