// "Copy link": copies the article's address instead of following it, where
// the browser allows. Without JavaScript the link simply opens the article.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.share__copy");
  if (!link || !navigator.clipboard) {
    return;
  }
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(function () {
    link.textContent = link.dataset.copied || link.textContent;
  });
});
