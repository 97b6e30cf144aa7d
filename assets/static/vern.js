// Small comforts on top of pages that work without JavaScript.
(function () {
  'use strict';
  // Forms that ask for confirmation carry data-confirm with the question.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Search as you type on the person list: fetch the same page for the typed words and swap in
  // its results, so the list follows the typing without a reload. Without JavaScript the form's
  // Search button does the same.
  var search = document.getElementById('person-q');
  if (search && window.fetch && window.DOMParser) {
    var timer = null;
    var latest = 0;
    search.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var form = search.form;
        var params = new URLSearchParams(new FormData(form));
        var url = form.getAttribute('action') + '?' + params.toString();
        var request = ++latest;
        window.fetch(url, { credentials: 'same-origin' })
          .then(function (response) { return response.text(); })
          .then(function (html) {
            if (request !== latest) {
              return;
            }
            var page = new DOMParser().parseFromString(html, 'text/html');
            ['.result-count', '.table-wrap', '.pager'].forEach(function (selector) {
              var fresh = page.querySelector(selector);
              var current = document.querySelector(selector);
              if (current && fresh) {
                current.replaceWith(fresh);
              } else if (current) {
                current.remove();
              } else if (fresh) {
                document.querySelector('.table-wrap').insertAdjacentElement(
                  selector === '.pager' ? 'afterend' : 'beforebegin', fresh);
              }
            });
            window.history.replaceState(null, '', url);
          })
          .catch(function () {});
      }, 250);
    });
  }
})();
