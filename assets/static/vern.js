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
})();
