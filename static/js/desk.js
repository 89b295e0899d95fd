/*
 * The article form's desk (articles/admin/desk.py): autosave of the unsaved
 * form, who else has the article open, and notice of a newer saved version.
 *
 * The form is read generically (FormData: every named field, hidden ones
 * such as a rich-text editor's textarea included), so any widget that keeps
 * its value in a form field is saved. A restore is a page load that binds
 * the form to the saved state on the server (?restore=1). All the words
 * shown come from the server, translated.
 */
(function () {
  "use strict";

  // The admin loads its scripts in <head>: start once the form is there.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    const desk = document.getElementById("desk");
    const form = desk && document.getElementById(desk.dataset.form);
    if (!form) {
      return;
    }
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    const status = document.getElementById("desk-status");
    const SKIPPED = new Set(["csrfmiddlewaretoken", "_save", "_continue", "_addanother"]);
    // Browsers drop keepalive requests with bodies larger than 64 KiB.
    const KEEPALIVE_LIMIT = 60000;

    let submitting = false;
    let touched = false;

    function post(url, payload, keepalive) {
      const body = JSON.stringify(payload);
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: Boolean(keepalive) && body.length < KEEPALIVE_LIMIT,
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrf ? csrf.value : "",
          "X-Requested-With": "XMLHttpRequest",
        },
        body: body,
      });
    }

    function formState() {
      const fields = {};
      for (const [name, value] of new FormData(form)) {
        if (typeof value !== "string" || SKIPPED.has(name) || name.includes("__prefix__")) {
          continue;
        }
        (fields[name] = fields[name] || []).push(value);
      }
      return JSON.stringify(fields);
    }

    // Autosave: only once the editor has typed or chosen something, and only
    // what changed since the last state kept.

    const autosaveUrl = desk.dataset.autosaveUrl;
    let kept = null;

    function autosave(keepalive) {
      if (!autosaveUrl || submitting || !touched) {
        return Promise.resolve();
      }
      const state = formState();
      if (state === kept) {
        return Promise.resolve();
      }
      return post(autosaveUrl, { fields: JSON.parse(state) }, keepalive)
        .then(function (response) {
          return response.json().then(function (answer) {
            if (response.ok) {
              kept = state;
            }
            if (status) {
              status.textContent = answer.text || answer.error || "";
            }
          });
        })
        .catch(function () {
          // Offline for a moment: the next round tries again.
        });
    }

    form.addEventListener("input", function () { touched = true; });
    form.addEventListener("change", function () { touched = true; });
    form.addEventListener("submit", function (event) {
      const button = event.submitter;
      if (!(button && button.hasAttribute("formaction"))) {
        submitting = true;
      }
    });

    if (autosaveUrl) {
      window.addEventListener("load", function () {
        kept = formState();
      });
      window.setInterval(autosave, Number(desk.dataset.autosaveMs) || 5000);
    }

    // Presence and newer versions.

    const presenceUrl = desk.dataset.presenceUrl;
    const others = document.getElementById("desk-presence");
    const newer = document.getElementById("desk-newer");
    const loaded = form.querySelector("input[name=loaded_version]");
    const loadedVersion = loaded && /^\d+$/.test(loaded.value) ? Number(loaded.value) : null;
    let reloadUrl = null;

    function showOthers(list) {
      others.replaceChildren();
      for (const other of list) {
        const item = document.createElement("li");
        item.textContent = other.text;
        others.append(item);
      }
      others.hidden = list.length === 0;
    }

    function showNewer(notice) {
      if (!notice) {
        return;
      }
      reloadUrl = notice.reload_url;
      newer.querySelector(".desk-newer__text").textContent = notice.text;
      newer.querySelector(".desk-newer__reload").href = reloadUrl;
      newer.hidden = false;
    }

    function beat() {
      if (submitting) {
        return;
      }
      post(presenceUrl, { version: loadedVersion })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer) {
            showOthers(answer.others);
            showNewer(answer.newer);
          }
        })
        .catch(function () {});
    }

    if (presenceUrl) {
      newer.querySelector(".desk-newer__reload").addEventListener("click", function (event) {
        // Unsaved work is kept first, then the newer version opens with it
        // bound to the form: saving shows both values field by field.
        event.preventDefault();
        autosave().then(function () {
          window.location.assign(touched ? reloadUrl + "?restore=1" : reloadUrl);
        });
      });
      beat();
      window.setInterval(beat, Number(desk.dataset.heartbeatMs) || 10000);
    }

    // Leaving: keep the last keystrokes, and say goodbye.

    function leave() {
      autosave(true);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        leave();
      }
    });
    window.addEventListener("pagehide", function () {
      leave();
      if (presenceUrl && !submitting) {
        post(presenceUrl, { leave: true }, true).catch(function () {});
      }
    });
  }
})();
