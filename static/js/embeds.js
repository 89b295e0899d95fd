// Embeds in the article body: the provider's player is loaded only when the
// reader asks for it, so that opening the page sends nothing to YouTube, X
// or any other provider. Without JavaScript the placeholder's link opens the
// content on the provider's site.
(function () {
  var figures = document.querySelectorAll("figure.embed[data-player]");
  Array.prototype.forEach.call(figures, function (figure) {
    var button = figure.querySelector(".embed__load");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = figure.dataset.player;
      frame.title = figure.dataset.provider;
      frame.className = "embed__frame";
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("loading", "lazy");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      frame.setAttribute(
        "allow",
        "autoplay; clipboard-write; encrypted-media; picture-in-picture; fullscreen"
      );
      figure.replaceChildren(frame);
      figure.classList.add("embed--loaded");
    });
  });
})();
