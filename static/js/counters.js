/* The article form's counters: characters under the headline, dek and SEO
   fields, words and reading time under the body. The server renders them for
   the value the page opens with; this keeps them current while typing. The
   body may be a rich-text editor that keeps a hidden textarea in step, so
   counters also look again every second. Words are counted as
   articles/models/page_text.py counts them. */
(function () {
  "use strict";

  var TAG = /<[^>]*>/g;
  var WORD = /[\p{L}\p{N}_]/u;

  function decode(text) {
    var holder = document.createElement("textarea");
    holder.innerHTML = text;
    return holder.value;
  }

  function countWords(markup) {
    var text = decode((markup || "").replace(TAG, " "));
    return text.split(/\s+/).filter(function (token) {
      return WORD.test(token);
    }).length;
  }

  function field(counter) {
    var form = counter.closest("form") || document;
    return form.querySelector('[name="' + counter.dataset.counterFor + '"]');
  }

  function update(counter) {
    var input = field(counter);
    if (!input) {
      return;
    }
    var value = input.value;
    if (counter.dataset.counted === value) {
      return;
    }
    counter.dataset.counted = value;
    if (counter.dataset.counter === "words") {
      var words = countWords(value);
      var rate = Number(counter.dataset.wordsPerMinute);
      counter.querySelector(".counter__words").textContent = words;
      counter.querySelector(".counter__minutes").textContent =
        words ? Math.ceil(words / rate) : 0;
      return;
    }
    var length = Array.from(value).length;
    counter.querySelector(".counter__count").textContent = length;
    counter.classList.toggle("counter--over", length > Number(counter.dataset.over));
    counter.classList.toggle(
      "counter--long",
      length > Number(counter.dataset.long) && length <= Number(counter.dataset.over)
    );
  }

  function updateAll() {
    document.querySelectorAll("[data-counter]").forEach(update);
  }

  document.addEventListener("input", updateAll);
  document.addEventListener("change", updateAll);
  document.addEventListener("DOMContentLoaded", function () {
    updateAll();
    window.setInterval(updateAll, 1000);
  });
})();
