// The live desk: Ctrl+Enter (or Cmd+Enter) in the entry form posts it with
// the form's default button (publish for editors, draft for reporters) and
// keeps the page; a heartbeat names who else is writing and brings in the
// entries they post. Without JavaScript the form posts and the page reloads.
(function () {
  "use strict";
  var desk = document.querySelector(".live-desk");
  if (!desk) {
    return;
  }
  var form = document.getElementById("live-desk-form");
  var table = document.querySelector("#live-desk-entries tbody");
  var presence = document.getElementById("live-desk-presence");
  var statusText = document.getElementById("live-desk-status");
  var lastId = Number(desk.dataset.lastId) || 0;
  var sending = false;

  function token() {
    var input = document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addRows(rows) {
    var holder = document.createElement("tbody");
    rows.forEach(function (html) {
      holder.innerHTML = html.trim();
      var node = holder.firstElementChild;
      if (node && !table.querySelector('[data-entry="' + node.dataset.entry + '"]')) {
        table.insertBefore(node, table.firstElementChild);
      }
    });
  }

  function send(button) {
    if (sending) {
      return;
    }
    sending = true;
    var data = new FormData(form);
    data.append(button.name, button.value);
    statusText.textContent = "…";
    fetch(window.location.href, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json", "X-CSRFToken": token() },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          return { ok: response.ok, answer: answer };
        });
      })
      .then(function (result) {
        if (result.ok) {
          addRows([result.answer.row]);
          lastId = Math.max(lastId, result.answer.id);
          form.reset();
          statusText.textContent = "✓";
          form.querySelector("[data-live-body]").focus();
        } else {
          var errors = result.answer.errors || {};
          statusText.textContent = Object.keys(errors)
            .map(function (name) {
              return errors[name].map(function (e) { return e.message; }).join(" ");
            })
            .join(" ");
        }
      })
      .catch(function () {
        statusText.textContent = "!";
      })
      .finally(function () {
        sending = false;
      });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(event.submitter || form.querySelector("[data-live-submit]"));
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        send(form.querySelector("[data-live-submit]"));
      }
    });
  }

  function beat(leave) {
    var body = leave ? { leave: true } : { after: lastId };
    return fetch(desk.dataset.presenceUrl, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
      credentials: "same-origin",
      keepalive: Boolean(leave),
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (leave) {
          return;
        }
        presence.innerHTML = "";
        answer.others.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          presence.appendChild(item);
        });
        presence.hidden = answer.others.length === 0;
        addRows(answer.rows);
        lastId = Math.max(lastId, answer.last);
      })
      .catch(function () {});
  }

  beat();
  window.setInterval(beat, Number(desk.dataset.heartbeatMs) || 10000);
  window.addEventListener("pagehide", function () { beat(true); });
})();
